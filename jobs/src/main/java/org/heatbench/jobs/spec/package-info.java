/**
 * Experiment specs: the YAML/JSON format ({@link org.heatbench.jobs.spec.SpecReader}, which documents it), its
 * value ({@link org.heatbench.jobs.spec.ExperimentSpec}), the canonical JSON written into every run
 * ({@link org.heatbench.jobs.spec.SpecWriter}) and the named method lists
 * ({@link org.heatbench.jobs.spec.MethodPresets}).
 */
package org.heatbench.jobs.spec;
