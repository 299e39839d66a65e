package org.heatbench.perturbation.stats;

import java.util.Arrays;

/**
 * Average ranks and tie terms: the one rank computation of the rank statistics of this package, of the Spearman
 * correlation of {@code scores} and of the map similarity of {@code sanity}. Stateless, thread-safe.
 */
public final class RankMath {
    private RankMath() {
    }

    /**
     * Ranks 1..n ascending; tied values (numerically equal, so {@code -0.0} ties {@code 0.0}) share the mean of
     * their positions. NaN must be excluded by the caller (NaNs would rank last, each apart).
     *
     * @return a new array, {@code r[i]} the rank of {@code v[i]}
     */
    public static double[] averageRanks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[idx[t]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    /** Σ_g (t_g³ − t_g) over the tie groups of a rank vector (equal ranks form a group). */
    static double tieTerm(double[] ranks) {
        double[] s = ranks.clone();
        Arrays.sort(s);
        double total = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) {
                j++;
            }
            double t = j - i + 1;
            total += t * t * t - t;
            i = j + 1;
        }
        return total;
    }
}
