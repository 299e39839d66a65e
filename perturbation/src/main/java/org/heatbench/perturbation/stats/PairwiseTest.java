package org.heatbench.perturbation.stats;

import java.io.Serializable;

/**
 * A paired two-sided Wilcoxon signed-rank test of method A against method B on one score, over the records where
 * both (and every other compared method) have a value.
 *
 * @param key the score
 * @param methodA first method
 * @param methodB second method
 * @param n records compared
 * @param meanDifference mean of A − B
 * @param medianDifference median of A − B
 * @param winsA records with A > B
 * @param winsB records with B > A
 * @param statistic the signed-rank statistic W+: the sum of the ranks of the positive differences A − B
 * @param p two-sided p-value
 * @param pHolm Holm-adjusted p-value over all pairs of the same score
 */
public record PairwiseTest(ScoreKey key, String methodA, String methodB, int n, double meanDifference,
        double medianDifference, int winsA, int winsB, double statistic, double p, double pHolm)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    PairwiseTest withHolm(double adjusted) {
        return new PairwiseTest(key, methodA, methodB, n, meanDifference, medianDifference, winsA, winsB, statistic,
                p, adjusted);
    }
}
