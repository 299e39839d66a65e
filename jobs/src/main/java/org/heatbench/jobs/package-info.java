/**
 * The Spark jobs behind {@code heatbench run}: a spec ({@link org.heatbench.jobs.spec.ExperimentSpec}) checked and
 * planned into work units ({@link org.heatbench.jobs.RunPlan}), the driver ({@link org.heatbench.jobs.HeatBenchJob})
 * and the executors' work per unit (attribution, component shares, perturbation, atomic commit). Results layout:
 * {@code docs/RESULTS_FORMAT.md}; the cluster entry point is {@link org.heatbench.jobs.SubmitMain}. Spark appears
 * in this module and in the command that launches it, nowhere else.
 *
 * <p>Depends on: every library module ({@code core}, {@code methods}, {@code datasets}, {@code perturbation},
 * {@code training}, {@code results}), Spark, Jackson; never on the command line.
 */
package org.heatbench.jobs;
