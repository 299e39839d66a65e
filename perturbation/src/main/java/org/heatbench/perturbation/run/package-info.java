/**
 * The single-JVM driver: {@link org.heatbench.perturbation.run.PerturbationRunner} reads records from a median-beat
 * store in the model's lead layout, attributes them with every method, evaluates them on parallel workers and
 * delivers the results in order ({@link org.heatbench.perturbation.run.RunSpec}, {@link
 * org.heatbench.perturbation.run.Progress}, {@link org.heatbench.perturbation.run.RunResult}). The evaluation of a
 * chunk ({@link org.heatbench.perturbation.run.ChunkEvaluator#run}, giving an {@link
 * org.heatbench.perturbation.run.EvaluatedChunk} with component shares) and the record selection ({@link
 * org.heatbench.perturbation.run.RecordSelection}) are the ones {@code heatbench run}'s Spark units use too.
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation.run;
