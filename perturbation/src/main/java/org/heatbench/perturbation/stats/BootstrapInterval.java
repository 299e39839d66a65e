package org.heatbench.perturbation.stats;

import java.util.Arrays;

/**
 * A point estimate with a percentile bootstrap confidence interval (Efron & Tibshirani 1993, §13.3): the
 * {@code (1 − level)/2} and {@code (1 + level)/2} quantiles (type 7, linear interpolation) of the replicates'
 * estimates; replicates whose estimate is NaN are left out and counted.
 *
 * @param estimate the statistic on the original data
 * @param lower lower bound (NaN when no replicate was finite)
 * @param upper upper bound
 * @param level the confidence level, e.g. 0.95
 * @param replicates bootstrap replicates drawn
 * @param undefined replicates whose statistic was NaN
 */
public record BootstrapInterval(double estimate, double lower, double upper, double level, int replicates,
        int undefined) {

    /** The interval of {@code replicateValues} around {@code estimate}. */
    public static BootstrapInterval of(double estimate, double[] replicateValues, double level) {
        double[] finite = Arrays.stream(replicateValues).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int undefined = replicateValues.length - finite.length;
        if (finite.length == 0) {
            return new BootstrapInterval(estimate, Double.NaN, Double.NaN, level, replicateValues.length, undefined);
        }
        return new BootstrapInterval(estimate, quantile(finite, (1 - level) / 2), quantile(finite, (1 + level) / 2),
                level, replicateValues.length, undefined);
    }

    /** Type-7 quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
