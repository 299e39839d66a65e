package org.heatbench.perturbation.sanity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.sanity.ParameterLayers.Layer;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sanity checks of Adebayo et al. (2018) for attribution methods on one model and a few records.
 *
 * <ul>
 *   <li><b>Cascading randomisation</b>: the model's layers ({@link ParameterLayers}) are re-initialised from the
 *       output layer down, one more per step; each step's maps are compared with the trained model's maps by every
 *       {@link MapSimilarity} (mean over records). Rows {@code <measure>:down_to=<layer>} (info) and
 *       {@code <measure>:all_layers} (verdict).</li>
 *   <li><b>Independent randomisation</b>: one layer at a time. Rows {@code <measure>:layer=<layer>} (info) and
 *       {@code <measure>:mean_over_layers} (verdict).</li>
 *   <li><b>Input invariance</b>: the trained model's maps of different records compared pairwise (all pairs):
 *       {@code relative_distance:mean_over_pairs} = mean of ‖a_i − a_j‖₂ / max(‖a_i‖₂, ‖a_j‖₂) (0 for two zero maps)
 *       with a verdict, and {@code spearman_abs:mean_over_pairs} (info).</li>
 * </ul>
 *
 * <p>Verdicts: a randomisation similarity of at least {@link #FAIL_AT} fails (the map hardly depends on the
 * parameters), at least {@link #WARN_AT} warns, below passes. A mean relative distance below
 * {@link #INVARIANT_BELOW} fails input invariance (the same map whatever the ECG), below {@link #INVARIANT_WARN}
 * warns. Records whose maps contain non-finite values are left out of a statistic and counted in an extra
 * {@code non_finite_maps} row (verdict warn). Randomised methods get the same record seeds for every model, so
 * their own noise does not count as a change.
 *
 * <p>Cost: every method is compiled once per model variant (1 + layers in the cascade + layers independently) and
 * attributes the records once per variant. Not thread-safe; creates and closes its own sessions.
 */
public final class SanityChecker {
    /** Similarity at or above which a randomisation check fails. */
    public static final double FAIL_AT = 0.8;
    /** Similarity at or above which a randomisation check warns. */
    public static final double WARN_AT = 0.5;
    /** Mean pairwise relative distance below which a method is input-invariant (fails). */
    public static final double INVARIANT_BELOW = 0.01;
    /** Mean pairwise relative distance below which input invariance warns. */
    public static final double INVARIANT_WARN = 0.05;
    /** Share of points compared by the top-k intersection. */
    public static final double TOP_FRACTION = 0.05;

    private static final Logger LOG = LoggerFactory.getLogger(SanityChecker.class);

    /**
     * Which checks run.
     *
     * @param finalOnly cascading randomisation computes only its last step (every layer randomised): one model variant
     *     instead of one per layer, and the same verdict row ({@code cascading_final})
     */
    public record Checks(boolean cascading, boolean independent, boolean inputInvariance, boolean finalOnly) {
        /** All three, the full cascade. */
        public static Checks all() {
            return new Checks(true, true, true, false);
        }

        /**
         * Parses a comma list of {@code cascading}, {@code cascading_final}, {@code independent},
         * {@code input_invariance} (or {@code all}).
         */
        public static Checks parse(String text) {
            boolean c = false;
            boolean f = true;
            boolean i = false;
            boolean v = false;
            for (String p : text.split(",")) {
                switch (p.trim()) {
                    case "all" -> {
                        c = true;
                        f = false;
                        i = true;
                        v = true;
                    }
                    case "cascading" -> {
                        c = true;
                        f = false;
                    }
                    case "cascading_final" -> c = true;
                    case "independent" -> i = true;
                    case "input_invariance" -> v = true;
                    default -> throw new ConfigurationException("unknown sanity check '" + p.trim()
                            + "'; known: cascading, cascading_final, independent, input_invariance, all");
                }
            }
            return new Checks(c, i, v, c && f);
        }
    }

    private final OnnxModel model;
    private final AttributionTarget target;
    private final ExecutionOptions exec;
    private final long seed;
    private final Checks checks;

    private SanityChecker(OnnxModel model, AttributionTarget target, ExecutionOptions exec, long seed, Checks checks) {
        this.model = model;
        this.target = target;
        this.exec = exec;
        this.seed = seed;
        this.checks = checks;
    }

    /**
     * @param target output, target index and item shape {@code [leads, samples]}
     * @param seed the seed of the randomised weights (record seeds are the caller's)
     */
    public static SanityChecker create(OnnxModel model, AttributionTarget target, ExecutionOptions exec, long seed,
            Checks checks) {
        if (target.itemShape().length != 2) {
            throw new ConfigurationException("sanity checks need inputs [N, leads, samples]; item shape "
                    + Arrays.toString(target.itemShape()));
        }
        return new SanityChecker(model, target, exec, seed, checks);
    }

    /**
     * Runs the checks for every method.
     *
     * @param inputs {@code [n, leads, samples]}, finite, n ≥ 2 for input invariance
     * @param recordSeeds one attribution seed per record
     * @return the rows, per method in the given order
     */
    public List<SanityRow> run(List<AttributionMethod> methods, FloatTensor inputs, long[] recordSeeds) {
        inputs.requireFinite("sanity-check inputs");
        if (checks.inputInvariance() && inputs.batchSize() < 2) {
            throw new ConfigurationException("input invariance needs at least 2 records, got " + inputs.batchSize());
        }
        ParameterLayers layers = checks.cascading() || checks.independent() ? ParameterLayers.of(model) : null;
        List<SanityRow> rows = new ArrayList<>();
        for (AttributionMethod m : methods) {
            String name = m.spec().toString();
            LOG.info("sanity checks of {} on {}", name, model.source());
            float[][] base = attribute(m, model, inputs, recordSeeds);
            if (checks.cascading()) {
                List<List<Layer>> cascade = layers.cascade();
                if (checks.finalOnly()) {
                    cascade = List.of(cascade.get(cascade.size() - 1));
                }
                double[][] last = null;
                for (List<Layer> step : cascade) {
                    double[][] s = similarity(base, attribute(m, layers.randomize(step, seed), inputs, recordSeeds));
                    String bottom = step.get(0).name();
                    addInfo(rows, name, "cascading_randomisation", "down_to=" + bottom, s);
                    last = s;
                }
                addVerdicts(rows, name, "cascading_randomisation", "all_layers", last);
            }
            if (checks.independent()) {
                List<double[][]> perLayer = new ArrayList<>();
                for (Layer l : layers.layers()) {
                    double[][] s = similarity(base, attribute(m, layers.randomize(List.of(l), seed), inputs,
                            recordSeeds));
                    addInfo(rows, name, "independent_randomisation", "layer=" + l.name(), s);
                    perLayer.add(s);
                }
                addVerdicts(rows, name, "independent_randomisation", "mean_over_layers", meanOver(perLayer,
                        MapSimilarity.values().length + 1));
            }
            if (checks.inputInvariance()) {
                invariance(rows, name, base);
            }
        }
        return rows;
    }

    private float[][] attribute(AttributionMethod m, OnnxModel variant, FloatTensor inputs, long[] seeds) {
        int n = inputs.batchSize();
        int item = inputs.itemSize();
        int rows = Math.max(2, n);
        float[] x = Arrays.copyOf(inputs.data(), rows * item);
        long[] s = Arrays.copyOf(seeds, rows);
        for (int r = n; r < rows; r++) {
            System.arraycopy(inputs.data(), 0, x, r * item, item);
            s[r] = seeds[0];
        }
        long[] shape = inputs.shape();
        shape[0] = rows;
        try (Attributor a = m.compile(variant, target, exec)) {
            Attribution out = a.attribute(FloatTensor.of(x, shape), s);
            float[] v = out.values().data();
            float[][] maps = new float[n][];
            for (int i = 0; i < n; i++) {
                maps[i] = Arrays.copyOfRange(v, i * item, (i + 1) * item);
            }
            return maps;
        }
    }

    /** Per measure (and a last entry: the non-finite count): the per-record similarities' mean. */
    private double[][] similarity(float[][] base, float[][] other) {
        int leads = (int) target.itemShape()[0];
        int samples = (int) target.itemShape()[1];
        MapSimilarity[] ms = MapSimilarity.values();
        double[][] out = new double[ms.length + 1][1];
        int used = 0;
        int bad = 0;
        double[] sums = new double[ms.length];
        for (int i = 0; i < base.length; i++) {
            if (!finite(base[i]) || !finite(other[i])) {
                bad++;
                continue;
            }
            used++;
            for (int k = 0; k < ms.length; k++) {
                sums[k] += ms[k].of(base[i], other[i], leads, samples, TOP_FRACTION);
            }
        }
        for (int k = 0; k < ms.length; k++) {
            out[k][0] = used == 0 ? Double.NaN : sums[k] / used;
        }
        out[ms.length][0] = bad;
        return out;
    }

    private static double[][] meanOver(List<double[][]> perLayer, int entries) {
        double[][] out = new double[entries][1];
        for (int k = 0; k < entries; k++) {
            double s = 0;
            for (double[][] l : perLayer) {
                s += l[k][0];
            }
            out[k][0] = k == entries - 1 ? s : s / perLayer.size();
        }
        return out;
    }

    private static void addInfo(List<SanityRow> rows, String method, String check, String suffix, double[][] s) {
        MapSimilarity[] ms = MapSimilarity.values();
        for (int k = 0; k < ms.length; k++) {
            rows.add(new SanityRow(method, check, ms[k].key() + ":" + suffix, s[k][0], Verdict.INFO));
        }
    }

    private static void addVerdicts(List<SanityRow> rows, String method, String check, String suffix, double[][] s) {
        MapSimilarity[] ms = MapSimilarity.values();
        for (int k = 0; k < ms.length; k++) {
            double v = s[k][0];
            Verdict verdict = Double.isNaN(v) ? Verdict.WARN : v >= FAIL_AT ? Verdict.FAIL
                    : v >= WARN_AT ? Verdict.WARN : Verdict.PASS;
            rows.add(new SanityRow(method, check, ms[k].key() + ":" + suffix, v, verdict));
        }
        if (s[ms.length][0] > 0) {
            rows.add(new SanityRow(method, check, "non_finite_maps", s[ms.length][0], Verdict.WARN));
        }
    }

    private void invariance(List<SanityRow> rows, String method, float[][] maps) {
        int leads = (int) target.itemShape()[0];
        int samples = (int) target.itemShape()[1];
        double dist = 0;
        double rho = 0;
        int pairs = 0;
        int bad = 0;
        for (float[] m : maps) {
            bad += finite(m) ? 0 : 1;
        }
        for (int i = 0; i < maps.length; i++) {
            for (int j = i + 1; j < maps.length; j++) {
                if (!finite(maps[i]) || !finite(maps[j])) {
                    continue;
                }
                dist += relativeDistance(maps[i], maps[j]);
                rho += MapSimilarity.SPEARMAN_ABS.of(maps[i], maps[j], leads, samples, TOP_FRACTION);
                pairs++;
            }
        }
        double d = pairs == 0 ? Double.NaN : dist / pairs;
        Verdict v = Double.isNaN(d) ? Verdict.WARN : d < INVARIANT_BELOW ? Verdict.FAIL
                : d < INVARIANT_WARN ? Verdict.WARN : Verdict.PASS;
        rows.add(new SanityRow(method, "input_invariance", "relative_distance:mean_over_pairs", d, v));
        rows.add(new SanityRow(method, "input_invariance", "spearman_abs:mean_over_pairs",
                pairs == 0 ? Double.NaN : rho / pairs, Verdict.INFO));
        if (bad > 0) {
            rows.add(new SanityRow(method, "input_invariance", "non_finite_maps", bad, Verdict.WARN));
        }
    }

    /** ‖a − b‖₂ / max(‖a‖₂, ‖b‖₂), 0 for two zero maps; in double. */
    static double relativeDistance(float[] a, float[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            d += (x - y) * (x - y);
            na += x * x;
            nb += y * y;
        }
        double denom = Math.sqrt(Math.max(na, nb));
        return denom == 0 ? 0 : Math.sqrt(d) / denom;
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** @return the worst verdict of a method's rows (info rows ignored); PASS if it has none */
    public static Verdict worst(List<SanityRow> rows, String method) {
        Verdict w = Verdict.PASS;
        for (SanityRow r : rows) {
            if (r.method().equals(method) && r.verdict() != Verdict.INFO && r.verdict().ordinal() > w.ordinal()) {
                w = r.verdict();
            }
        }
        return w;
    }
}
