package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Friedman's rank test over methods on one score, with mean ranks (1 = best) and mean scores.
 *
 * @param key the score
 * @param methods the methods, in output order
 * @param n records (blocks) with a value for every method
 * @param df degrees of freedom, k − 1
 * @param statistic tie-corrected χ² statistic (NaN for fewer than 2 records or methods)
 * @param p χ²(k − 1) upper-tail p-value
 * @param meanRanks per method, mean rank within records (1 = best)
 * @param meanScores per method, mean score over the same records
 * @param higherIsBetter the score's direction
 */
public record FriedmanResult(ScoreKey key, List<String> methods, int n, int df, double statistic, double p,
        double[] meanRanks, double[] meanScores, boolean higherIsBetter) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @return method positions ordered best first: by mean rank, then mean score, then method order */
    public List<Integer> ranking() {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            idx.add(i);
        }
        Comparator<Integer> byRank = Comparator.comparingDouble(i -> meanRanks[i]);
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> higherIsBetter ? -meanScores[i] : meanScores[i]);
        idx.sort(byRank.thenComparing(byScore).thenComparingInt(i -> i));
        return idx;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FriedmanResult f && key.equals(f.key) && methods.equals(f.methods) && n == f.n
                && df == f.df && Double.compare(statistic, f.statistic) == 0 && Double.compare(p, f.p) == 0
                && Arrays.equals(meanRanks, f.meanRanks) && Arrays.equals(meanScores, f.meanScores)
                && higherIsBetter == f.higherIsBetter;
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(meanRanks);
    }
}
