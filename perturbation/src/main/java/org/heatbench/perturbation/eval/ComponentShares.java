package org.heatbench.perturbation.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Fiducials;
import org.heatbench.perturbation.stats.Moments;

/**
 * Which part of the beat an attribution looks at: the share of Σ|relevance| (over all leads) in each segment, from
 * the record's fiducials — {@code p} [P on, P off), {@code pr} [P off, QRS on), {@code qrs} [QRS on, QRS off),
 * {@code st} [QRS off, min(QRS off + 80 ms, T off)), {@code t} [QRS off + 80 ms, T off), {@code other} the rest.
 * Stores carry no T-onset fiducial; the 80 ms after the J point is the conventional ST measurement window.
 *
 * <p>The per-method statistics ({@link #accept}, {@link #combine}) use exact sums: results do not depend on how
 * records are partitioned. Mutable, not thread-safe; {@link #state()} and {@link #restore} give its exact state (partial statistics of a
 * work unit, typed JSON).
 */
public final class ComponentShares {
    /** Segment names, in order. */
    public static final List<String> COMPONENTS = List.of("p", "pr", "qrs", "st", "t", "other");

    private final Map<String, Moments[]> byMethod = new LinkedHashMap<>();

    /** Empty statistics for {@code methods}, in order. */
    public static ComponentShares create(List<String> methods) {
        ComponentShares c = new ComponentShares();
        for (String m : methods) {
            Moments[] ms = new Moments[COMPONENTS.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = new Moments();
            }
            c.byMethod.put(m, ms);
        }
        return c;
    }

    /**
     * The shares of one attribution.
     *
     * @param attribution [leads, samples] row-major
     * @param samples samples per lead
     * @return shares in {@link #COMPONENTS} order summing to 1, or null when a needed fiducial (P on, P off, QRS on,
     *     QRS off, T off) is unknown, the fiducials are out of order, or Σ|relevance| is 0 or not finite
     */
    public static double[] of(float[] attribution, int samples, Fiducials f, double samplingRateHz) {
        int pOn = f.pOn();
        int pOff = f.pOff();
        int qOn = f.qrsOn();
        int qOff = f.qrsOff();
        int tOff = f.tOff();
        if (pOn < 0 || pOff < pOn || qOn < pOff || qOff < qOn || tOff < qOff || tOff > samples) {
            return null;
        }
        int stEnd = Math.min(tOff, qOff + (int) Math.round(0.080 * samplingRateHz));
        int[] bounds = {pOn, pOff, qOn, qOff, stEnd, tOff};
        double[] perSample = new double[samples];
        int leads = attribution.length / samples;
        for (int l = 0; l < leads; l++) {
            int o = l * samples;
            for (int t = 0; t < samples; t++) {
                perSample[t] += Math.abs(attribution[o + t]);
            }
        }
        double total = 0;
        double[] seg = new double[COMPONENTS.size()];
        for (int t = 0; t < samples; t++) {
            double v = perSample[t];
            total += v;
            int k = 5;
            for (int b = 0; b < 5; b++) {
                if (t >= bounds[b] && t < bounds[b + 1]) {
                    k = b;
                    break;
                }
            }
            seg[k] += v;
        }
        if (!(total > 0) || !Double.isFinite(total)) {
            return null;
        }
        for (int k = 0; k < seg.length; k++) {
            seg[k] /= total;
        }
        return seg;
    }

    /** Adds one record's shares of a method (ignored when null). */
    public void accept(String method, double[] shares) {
        if (shares == null) {
            return;
        }
        Moments[] ms = byMethod.get(method);
        if (ms == null) {
            throw new IllegalArgumentException("unknown method " + method);
        }
        for (int k = 0; k < ms.length; k++) {
            ms[k].accept(shares[k]);
        }
    }

    /** Adds another partial's values (same methods). */
    public ComponentShares combine(ComponentShares o) {
        for (Map.Entry<String, Moments[]> e : o.byMethod.entrySet()) {
            Moments[] mine = byMethod.get(e.getKey());
            if (mine == null) {
                throw new IllegalArgumentException("cannot combine statistics of other methods: " + e.getKey());
            }
            for (int k = 0; k < mine.length; k++) {
                mine[k].combine(e.getValue()[k]);
            }
        }
        return this;
    }

    /** @return method → the exact state of each component's moments, in {@link #COMPONENTS} order */
    public Map<String, Moments.State[]> state() {
        Map<String, Moments.State[]> s = new LinkedHashMap<>();
        byMethod.forEach((m, ms) -> {
            Moments.State[] st = new Moments.State[ms.length];
            for (int k = 0; k < ms.length; k++) {
                st[k] = ms[k].state();
            }
            s.put(m, st);
        });
        return s;
    }

    /**
     * Statistics in a stored state (as {@link #state()} gives it).
     *
     * @throws IllegalArgumentException when a method lacks one of the {@link #COMPONENTS} or a state is invalid
     */
    public static ComponentShares restore(Map<String, Moments.State[]> state) {
        if (state == null) {
            throw new IllegalArgumentException("component shares need a state per method");
        }
        ComponentShares c = new ComponentShares();
        for (Map.Entry<String, Moments.State[]> e : state.entrySet()) {
            if (e.getValue() == null || e.getValue().length != COMPONENTS.size()) {
                throw new IllegalArgumentException("component shares of " + e.getKey() + " need "
                        + COMPONENTS.size() + " components");
            }
            Moments[] ms = new Moments[COMPONENTS.size()];
            for (int k = 0; k < ms.length; k++) {
                ms[k] = Moments.restore(e.getValue()[k]);
            }
            c.byMethod.put(e.getKey(), ms);
        }
        return c;
    }

    /**
     * One CSV line per method and component: {@code target,method,component,n,mean,sd,ci_low,ci_high}.
     */
    public List<List<String>> rows(String target) {
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<String, Moments[]> e : byMethod.entrySet()) {
            for (int k = 0; k < COMPONENTS.size(); k++) {
                Moments.Estimate est = e.getValue()[k].estimate();
                out.add(List.of(target, e.getKey(), COMPONENTS.get(k), Long.toString(est.n()), num(est.mean()),
                        num(est.sd()), num(est.lower()), num(est.upper())));
            }
        }
        return out;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
