/**
 * Mergeable statistics of perturbation results: every accumulator has {@code accept} and {@code combine}, sums are
 * exact ({@link org.heatbench.perturbation.stats.ExactSum}), so partial results of any partitioning combine into
 * the same bits as one pass. {@link org.heatbench.perturbation.stats.SummaryAccumulator} gathers a target's mean
 * curves and scores with 95% CIs, Friedman rankings and Holm-corrected Wilcoxon tests into a {@link
 * org.heatbench.perturbation.stats.PerturbationSummary}. All accumulators are {@link java.io.Serializable}.
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation.stats;
