package org.heatbench.perturbation.stats;

import java.io.Serializable;

/**
 * A one-sample two-sided Wilcoxon signed-rank test of one method's values against 0 — for {@code random_gap}: does
 * the method beat the random-order control?
 *
 * @param key the score
 * @param method the method
 * @param n records
 * @param mean mean value
 * @param median median value
 * @param positive records with a value > 0
 * @param statistic signed-rank statistic W+: the sum of the ranks of the positive values
 * @param p two-sided p-value
 * @param pHolm Holm-adjusted over the methods
 */
public record ZeroTest(ScoreKey key, String method, int n, double mean, double median, int positive,
        double statistic, double p, double pHolm) implements Serializable {
    private static final long serialVersionUID = 1L;
}
