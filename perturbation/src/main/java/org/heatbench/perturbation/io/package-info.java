/**
 * Result files of a perturbation run: {@link org.heatbench.perturbation.io.ResultsWriter}.
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation.io;
