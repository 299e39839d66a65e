/**
 * The single-JVM driver: {@link org.heatbench.perturbation.run.PerturbationRunner} reads records from a median-beat
 * store in the model's lead layout, attributes them with every method, evaluates them on parallel workers and
 * delivers the results in order ({@link org.heatbench.perturbation.run.RunSpec}, {@link
 * org.heatbench.perturbation.run.Progress}, {@link org.heatbench.perturbation.run.RunResult}).
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation.run;
