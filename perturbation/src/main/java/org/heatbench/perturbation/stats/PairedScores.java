package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;
import org.apache.commons.statistics.ranking.NaNStrategy;
import org.apache.commons.statistics.ranking.NaturalRanking;
import org.apache.commons.statistics.ranking.TiesStrategy;

/**
 * One score of several methods on the same records, kept per record so that paired, rank-based tests can be run:
 * mergeable ({@link #accept} rows, {@link #combine} partials; a record may be accepted once). Rows are kept sorted by
 * record id, so every result is independent of accept/combine order.
 *
 * <p>Tests (records with a finite value for every method only; others are counted as incomplete):
 * <ul>
 *   <li>{@link #pairwise()}: two-sided Wilcoxon signed-rank tests for every method pair (Commons Statistics: exact
 *       p-value below 50 pairs without ties or zeros, else the normal approximation with continuity correction; zero
 *       differences are ranked and then dropped — Pratt's method, SciPy's {@code zero_method='pratt'}; all-zero
 *       differences give statistic 0, p = 1), Holm-corrected over the pairs;</li>
 *   <li>{@link #friedman()}: Friedman's test over all methods with average ranks for ties and the exact tie
 *       correction, χ² with k − 1 degrees of freedom; rank 1 = best;</li>
 *   <li>{@link #againstZero()}: one-sample Wilcoxon tests of each method's values against 0 (used for the gap to the
 *       random-order control), Holm-corrected over the methods.</li>
 * </ul>
 * Mutable, not thread-safe.
 */
public final class PairedScores implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ScoreKey key;
    private final List<String> methods;
    private final boolean higherIsBetter;
    private final TreeMap<String, double[]> rows = new TreeMap<>();
    private long incomplete;

    /**
     * @param key the score
     * @param methods the participants, in output order
     * @param higherIsBetter whether a higher value ranks better
     */
    public PairedScores(ScoreKey key, List<String> methods, boolean higherIsBetter) {
        this.key = key;
        this.methods = List.copyOf(methods);
        this.higherIsBetter = higherIsBetter;
    }

    public ScoreKey key() {
        return key;
    }

    public List<String> methods() {
        return methods;
    }

    /** @return records with a finite value for every method */
    public int complete() {
        return rows.size();
    }

    /** @return records accepted with a missing (NaN) value for some method */
    public long incomplete() {
        return incomplete;
    }

    /**
     * Adds one record's values (one per method, NaN = missing).
     *
     * @throws IllegalStateException when the record was accepted before
     */
    public void accept(String recordId, double[] values) {
        if (values.length != methods.size()) {
            throw new IllegalArgumentException("expected " + methods.size() + " values, got " + values.length);
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                incomplete++;
                return;
            }
        }
        if (rows.putIfAbsent(recordId, values.clone()) != null) {
            throw new IllegalStateException("record " + recordId + " accepted twice for " + key);
        }
    }

    /** Adds another accumulator's records; they must be disjoint from this one's. */
    public PairedScores combine(PairedScores other) {
        if (!other.key.equals(key) || !other.methods.equals(methods)) {
            throw new IllegalArgumentException("cannot combine paired scores of " + other.key + " " + other.methods
                    + " with " + key + " " + methods);
        }
        for (Map.Entry<String, double[]> e : other.rows.entrySet()) {
            if (rows.putIfAbsent(e.getKey(), e.getValue().clone()) != null) {
                throw new IllegalStateException("record " + e.getKey() + " present in both partial results for " + key);
            }
        }
        incomplete += other.incomplete;
        return this;
    }

    /** @return the accepted rows by record id and the count of incomplete records (restored by {@link #restore}) */
    public State state() {
        TreeMap<String, double[]> copy = new TreeMap<>();
        rows.forEach((k, v) -> copy.put(k, v.clone()));
        return new State(copy, incomplete);
    }

    /**
     * Adds a stored state's rows to this (empty) accumulator.
     *
     * @throws IllegalArgumentException for a row of another length, a non-finite value or a negative count
     */
    public PairedScores restore(State s) {
        if (s == null || s.rows() == null || s.incomplete() < 0) {
            throw new IllegalArgumentException("paired scores of " + key + " need rows and incomplete >= 0");
        }
        for (Map.Entry<String, double[]> e : s.rows().entrySet()) {
            double[] v = e.getValue();
            if (e.getKey() == null || v == null || v.length != methods.size()) {
                throw new IllegalArgumentException("paired scores of " + key + ": record " + e.getKey() + " needs "
                        + methods.size() + " values");
            }
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("paired scores of " + key + ": record " + e.getKey()
                            + " has a non-finite value");
                }
            }
            if (rows.putIfAbsent(e.getKey(), v.clone()) != null) {
                throw new IllegalStateException("record " + e.getKey() + " accepted twice for " + key);
            }
        }
        incomplete += s.incomplete();
        return this;
    }

    /**
     * The exact state of a {@link PairedScores}.
     *
     * @param rows record id → one finite value per method, in method order
     * @param incomplete records accepted with a missing value
     */
    public record State(Map<String, double[]> rows, long incomplete) {
    }

    private double[] column(int m) {
        double[] c = new double[rows.size()];
        int i = 0;
        for (double[] r : rows.values()) {
            c[i++] = r[m];
        }
        return c;
    }

    /** @return every method pair (i &lt; j in method order), Holm-adjusted */
    public List<PairwiseTest> pairwise() {
        List<PairwiseTest> raw = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            for (int j = i + 1; j < methods.size(); j++) {
                double[] x = column(i);
                double[] y = column(j);
                double[] d = new double[x.length];
                ExactSum sum = new ExactSum();
                int wins = 0;
                int losses = 0;
                for (int r = 0; r < x.length; r++) {
                    d[r] = x[r] - y[r];
                    sum.accept(d[r]);
                    wins += d[r] > 0 ? 1 : 0;
                    losses += d[r] < 0 ? 1 : 0;
                }
                double[] sp = signedRank(d);
                raw.add(new PairwiseTest(key, methods.get(i), methods.get(j), x.length,
                        x.length == 0 ? Double.NaN : sum.doubleValue() / x.length, median(d), wins, losses, sp[0],
                        sp[1], Double.NaN));
            }
        }
        double[] adj = holm(raw.stream().mapToDouble(PairwiseTest::p).toArray());
        List<PairwiseTest> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(raw.get(i).withHolm(adj[i]));
        }
        return out;
    }

    /** @return per method, the one-sample test of its values against 0, Holm-adjusted over methods */
    public List<ZeroTest> againstZero() {
        List<ZeroTest> raw = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            double[] x = column(m);
            ExactSum sum = new ExactSum();
            int above = 0;
            for (double v : x) {
                sum.accept(v);
                above += v > 0 ? 1 : 0;
            }
            double[] sp = signedRank(x);
            raw.add(new ZeroTest(key, methods.get(m), x.length, x.length == 0 ? Double.NaN : sum.doubleValue()
                    / x.length, median(x), above, sp[0], sp[1], Double.NaN));
        }
        double[] adj = holm(raw.stream().mapToDouble(ZeroTest::p).toArray());
        List<ZeroTest> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ZeroTest t = raw.get(i);
            out.add(new ZeroTest(t.key(), t.method(), t.n(), t.mean(), t.median(), t.positive(), t.statistic(),
                    t.p(), adj[i]));
        }
        return out;
    }

    /** @return Friedman's test and each method's mean rank (1 = best) */
    public FriedmanResult friedman() {
        int k = methods.size();
        int n = rows.size();
        double[] rankSums = new double[k];
        double sumSquares = 0;
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        double[] v = new double[k];
        for (double[] r : rows.values()) {
            for (int m = 0; m < k; m++) {
                v[m] = higherIsBetter ? -r[m] : r[m];
            }
            double[] ranks = ranking.apply(v);
            for (int m = 0; m < k; m++) {
                rankSums[m] += ranks[m];
                sumSquares += ranks[m] * ranks[m];
            }
        }
        double[] meanRanks = new double[k];
        for (int m = 0; m < k; m++) {
            meanRanks[m] = n == 0 ? Double.NaN : rankSums[m] / n;
        }
        double statistic = Double.NaN;
        double p = Double.NaN;
        if (k >= 2 && n >= 2) {
            double expected = n * (k + 1) / 2.0;
            double between = 0;
            for (double r : rankSums) {
                between += (r - expected) * (r - expected);
            }
            double denominator = sumSquares - n * k * (k + 1) * (k + 1) / 4.0;
            if (denominator > 0) {
                statistic = (k - 1) * between / denominator;
                p = ChiSquaredDistribution.of(k - 1).survivalProbability(statistic);
            } else {
                statistic = 0;
                p = 1;
            }
        }
        double[] means = new double[k];
        for (int m = 0; m < k; m++) {
            ExactSum s = new ExactSum();
            for (double x : column(m)) {
                s.accept(x);
            }
            means[m] = n == 0 ? Double.NaN : s.doubleValue() / n;
        }
        return new FriedmanResult(key, methods, n, k - 1, statistic, p, meanRanks, means, higherIsBetter);
    }

    /** {statistic, p}; all-zero or empty input gives {0, 1} / {NaN, NaN}. */
    private static double[] signedRank(double[] d) {
        if (d.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        boolean allZero = true;
        for (double v : d) {
            allZero &= v == 0;
        }
        if (allZero) {
            // every difference is zero: no evidence of a difference (Commons Statistics refuses this input)
            return new double[] {0, 1};
        }
        WilcoxonSignedRankTest.Result r = WilcoxonSignedRankTest.withDefaults().test(d);
        return new double[] {r.getStatistic(), r.getPValue()};
    }

    private static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /**
     * Holm's step-down adjustment: sort p ascending, p'_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)); NaN p-values
     * stay NaN and do not count in m.
     */
    static double[] holm(double[] p) {
        Integer[] idx = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            idx[i] = i;
            m += Double.isNaN(p[i]) ? 0 : 1;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(nanLast(p[a]), nanLast(p[b])));
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        double running = 0;
        for (int r = 0; r < m; r++) {
            int i = idx[r];
            running = Math.max(running, Math.min(1.0, (m - r) * p[i]));
            out[i] = running;
        }
        return out;
    }

    private static double nanLast(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
