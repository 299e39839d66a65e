/**
 * Robustness of a ranking's conclusions: the ranking of the methods recomputed under other perturbation functions,
 * region sizes and seeds ({@link org.heatbench.perturbation.robustness.RobustnessRun}), their agreement (Kendall's W
 * with a bootstrap interval) and which pairwise orders hold in every setting
 * ({@link org.heatbench.perturbation.robustness.RankingAgreement}). Documented in docs/PERTURBATION.md
 * ("Robustness of the conclusion").
 */
package org.heatbench.perturbation.robustness;
