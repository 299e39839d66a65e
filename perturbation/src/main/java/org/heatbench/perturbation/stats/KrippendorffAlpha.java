package org.heatbench.perturbation.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Krippendorff's α reliability of ratings with missing values (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"): α = 1 − D_o / D_e over the <em>pairable</em> values (units rated at least twice), with
 * <pre>
 *   D_o = 1/n · Σ_u 1/(m_u − 1) · Σ_{i≠j} δ(v_ui, v_uj),     D_e = 1/(n(n − 1)) · Σ_c Σ_k n_c n_k δ(c, k)
 * </pre>
 * n the number of pairable values, m_u the values of unit u, n_c how often value c occurs among them, and δ the
 * metric: {@link Metric#NOMINAL} 1[c ≠ k], {@link Metric#INTERVAL} (c − k)², {@link Metric#ORDINAL}
 * (Σ_{g from c to k} n_g − (n_c + n_k)/2)². α = 1 is perfect agreement, 0 agreement at chance level; NaN when fewer
 * than two pairable values or no variation (D_e = 0).
 *
 * <p>The confidence interval is a percentile bootstrap over units (units drawn with replacement, α recomputed with the
 * resample's own value frequencies; seeded) — the unit, here an ECG panel, is what was sampled. (Krippendorff's own
 * bootstrap resamples pairs of values instead.)
 *
 * <p>An accumulator: {@link #accept} (unit, rater, value) triples, {@link #combine} partials (a unit-rater pair in
 * two partials is an error), {@link #finish}. Values are kept sorted by unit and rater, so the result does not depend
 * on the order or partitioning of the input, bit for bit. NaN values are rejected. Not thread-safe.
 */
public final class KrippendorffAlpha {

    /** The difference function δ. */
    public enum Metric {
        NOMINAL, ORDINAL, INTERVAL;

        /** @return lower case name */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final TreeMap<String, TreeMap<String, Double>> units = new TreeMap<>();

    private KrippendorffAlpha() {
    }

    /** An empty accumulator. */
    public static KrippendorffAlpha create() {
        return new KrippendorffAlpha();
    }

    /**
     * Adds one rating.
     *
     * @throws IllegalArgumentException if the rater already rated this unit or the value is NaN / infinite
     */
    public KrippendorffAlpha accept(String unit, String rater, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("rating of unit '" + unit + "' by '" + rater + "' is " + value);
        }
        if (units.computeIfAbsent(unit, u -> new TreeMap<>()).putIfAbsent(rater, value) != null) {
            throw new IllegalArgumentException("unit '" + unit + "' rated twice by '" + rater + "'");
        }
        return this;
    }

    /** Merges another partial into this one and returns it. */
    public KrippendorffAlpha combine(KrippendorffAlpha other) {
        for (Map.Entry<String, TreeMap<String, Double>> u : other.units.entrySet()) {
            for (Map.Entry<String, Double> r : u.getValue().entrySet()) {
                accept(u.getKey(), r.getKey(), r.getValue());
            }
        }
        return this;
    }

    /** @return the number of units with at least one value */
    public int units() {
        return units.size();
    }

    /**
     * α with its 95% bootstrap interval.
     *
     * @param replicates bootstrap replicates (0: no interval)
     */
    public Result finish(Metric metric, int replicates, long seed) {
        List<double[]> pairable = new ArrayList<>();
        for (TreeMap<String, Double> u : units.values()) {
            if (u.size() >= 2) {
                pairable.add(u.values().stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        double alpha = alpha(pairable, metric);
        double[] boot = new double[replicates];
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
        List<double[]> sample = new ArrayList<>(pairable.size());
        for (int b = 0; b < replicates; b++) {
            sample.clear();
            for (int i = 0; i < pairable.size(); i++) {
                sample.add(pairable.get(rng.nextInt(pairable.size())));
            }
            boot[b] = pairable.isEmpty() ? Double.NaN : alpha(sample, metric);
        }
        int n = pairable.stream().mapToInt(v -> v.length).sum();
        return new Result(metric, alpha, pairable.size(), n, BootstrapInterval.of(alpha, boot, 0.95));
    }

    static double alpha(List<double[]> pairable, Metric metric) {
        TreeMap<Double, Double> freq = new TreeMap<>();
        int n = 0;
        for (double[] u : pairable) {
            for (double v : u) {
                freq.merge(v, 1.0, Double::sum);
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double[] values = freq.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] counts = freq.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] cumulative = new double[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            cumulative[i + 1] = cumulative[i] + counts[i];
        }
        Delta delta = (c, k) -> switch (metric) {
            case NOMINAL -> values[c] == values[k] ? 0 : 1;
            case INTERVAL -> (values[c] - values[k]) * (values[c] - values[k]);
            case ORDINAL -> {
                int lo = Math.min(c, k);
                int hi = Math.max(c, k);
                double s = cumulative[hi + 1] - cumulative[lo] - (counts[c] + counts[k]) / 2;
                yield s * s;
            }
        };
        double observed = 0;
        for (double[] u : pairable) {
            double within = 0;
            for (int i = 0; i < u.length; i++) {
                for (int j = 0; j < u.length; j++) {
                    if (i != j) {
                        within += delta.of(indexOf(values, u[i]), indexOf(values, u[j]));
                    }
                }
            }
            observed += within / (u.length - 1);
        }
        observed /= n;
        double expected = 0;
        for (int c = 0; c < values.length; c++) {
            for (int k = 0; k < values.length; k++) {
                expected += counts[c] * counts[k] * delta.of(c, k);
            }
        }
        expected /= (double) n * (n - 1);
        return expected == 0 ? Double.NaN : 1 - observed / expected;
    }

    private static int indexOf(double[] sorted, double v) {
        return java.util.Arrays.binarySearch(sorted, v);
    }

    @FunctionalInterface
    private interface Delta {
        double of(int c, int k);
    }

    /**
     * @param metric the difference function
     * @param alpha Krippendorff's α
     * @param pairableUnits units with at least two values
     * @param pairableValues n
     * @param interval α with its 95% bootstrap interval over units
     */
    public record Result(Metric metric, double alpha, int pairableUnits, int pairableValues,
            BootstrapInterval interval) {
    }
}
