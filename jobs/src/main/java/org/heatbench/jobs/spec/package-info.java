/**
 * Experiment specs: the YAML/JSON format ({@link org.heatbench.jobs.spec.SpecReader}, which documents it), its
 * value ({@link org.heatbench.jobs.spec.ExperimentSpec}), the canonical JSON written into every run
 * ({@link org.heatbench.jobs.spec.SpecWriter}) and the named method lists
 * ({@link org.heatbench.jobs.spec.MethodPresets}).
 *
 * <p>Depends on: every library module ({@code core}, {@code methods}, {@code datasets}, {@code perturbation},
 * {@code training}, {@code results}), Spark, Jackson; never on the command line.
 */
package org.heatbench.jobs.spec;
