package org.heatbench.perturbation.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Bootstrap confidence intervals of the methods' rank positions. Per record every method's score is ranked (1 = best,
 * average ranks for ties, the score's direction given); a method's mean rank over the records orders the methods
 * (position 1 = lowest mean rank, ties share the mean position) — the report's Friedman ranking. Resampling records
 * with replacement (seeded) and recomputing the positions gives each method's 95% percentile interval of its
 * position: a method whose interval is [1, 1] is the best in every resample.
 *
 * <p>An accumulator keyed by record id ({@link #accept}, {@link #combine}, {@link #finish}); rows are kept sorted by
 * id, so any partitioning gives the same result bit for bit. Records with a NaN score are rejected by
 * {@link #accept} (the caller passes the common set). Not thread-safe.
 */
public final class RankPositions {
    private final List<String> methods;
    private final boolean higherIsBetter;
    private final TreeMap<String, double[]> ranks = new TreeMap<>();

    private RankPositions(List<String> methods, boolean higherIsBetter) {
        this.methods = List.copyOf(methods);
        this.higherIsBetter = higherIsBetter;
    }

    /** An empty accumulator for these methods; {@code higherIsBetter} is the score's direction. */
    public static RankPositions create(List<String> methods, boolean higherIsBetter) {
        return new RankPositions(methods, higherIsBetter);
    }

    /** Adds one record's scores, one per method in order. */
    public RankPositions accept(String recordId, double[] scores) {
        if (scores.length != methods.size()) {
            throw new IllegalArgumentException("record '" + recordId + "' has " + scores.length + " scores for "
                    + methods.size() + " methods");
        }
        double[] keyed = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("record '" + recordId + "' has a NaN score for " + methods.get(i));
            }
            keyed[i] = higherIsBetter ? -scores[i] : scores[i];
        }
        if (ranks.putIfAbsent(recordId, RankMath.averageRanks(keyed)) != null) {
            throw new IllegalArgumentException("record '" + recordId + "' accepted twice");
        }
        return this;
    }

    /** Merges another partial (disjoint record ids) and returns this. */
    public RankPositions combine(RankPositions other) {
        if (!other.methods.equals(methods) || other.higherIsBetter != higherIsBetter) {
            throw new IllegalArgumentException("cannot combine rank positions of different methods or directions");
        }
        for (Map.Entry<String, double[]> e : other.ranks.entrySet()) {
            if (ranks.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("record '" + e.getKey() + "' in both partials");
            }
        }
        return this;
    }

    /** @return records accepted */
    public int size() {
        return ranks.size();
    }

    /** Positions with their 95% bootstrap intervals, one per method in order; NaN without records. */
    public List<Position> finish(int replicates, long seed) {
        List<double[]> rows = new ArrayList<>(ranks.values());
        double[] estimate = positions(rows);
        int k = methods.size();
        double[][] boot = new double[k][replicates];
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
        List<double[]> sample = new ArrayList<>(rows.size());
        for (int b = 0; b < replicates; b++) {
            sample.clear();
            for (int i = 0; i < rows.size(); i++) {
                sample.add(rows.get(rng.nextInt(rows.size())));
            }
            double[] p = rows.isEmpty() ? nan(k) : positions(sample);
            for (int j = 0; j < k; j++) {
                boot[j][b] = p[j];
            }
        }
        double[] meanRanks = meanRanks(rows);
        List<Position> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(new Position(methods.get(j), meanRanks[j], BootstrapInterval.of(estimate[j], boot[j], 0.95)));
        }
        return out;
    }

    private double[] meanRanks(List<double[]> rows) {
        double[] m = new double[methods.size()];
        if (rows.isEmpty()) {
            return nan(m.length);
        }
        for (double[] r : rows) {
            for (int j = 0; j < m.length; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= rows.size();
        }
        return m;
    }

    private double[] positions(List<double[]> rows) {
        if (rows.isEmpty()) {
            return nan(methods.size());
        }
        return RankMath.averageRanks(meanRanks(rows));
    }

    private static double[] nan(int k) {
        double[] v = new double[k];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /**
     * @param method the method
     * @param meanRank its mean rank over the records (1 = best)
     * @param position its position among the methods with a 95% bootstrap interval
     */
    public record Position(String method, double meanRank, BootstrapInterval position) {
    }
}
