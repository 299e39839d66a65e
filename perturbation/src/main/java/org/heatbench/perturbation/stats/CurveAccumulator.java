package org.heatbench.perturbation.stats;

import java.io.Serializable;

/**
 * Point-wise mean of curves of a fixed length with 95% confidence intervals, mergeable ({@link Moments} per point,
 * exact sums). Mutable, not thread-safe.
 */
public final class CurveAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Moments[] points;

    /** @param length curve points (steps + 1) */
    public CurveAccumulator(int length) {
        points = new Moments[length];
        for (int i = 0; i < length; i++) {
            points[i] = new Moments();
        }
    }

    /** @return the state of every point (restored by {@link #restore}) */
    public Moments.State[] state() {
        Moments.State[] s = new Moments.State[points.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = points[i].state();
        }
        return s;
    }

    /**
     * An accumulator in the given state.
     *
     * @throws IllegalArgumentException when {@code state} has not {@code length} points or a point is invalid
     */
    public static CurveAccumulator restore(int length, Moments.State[] state) {
        if (state == null || state.length != length) {
            throw new IllegalArgumentException("a curve needs " + length + " points, got "
                    + (state == null ? "none" : state.length));
        }
        CurveAccumulator c = new CurveAccumulator(length);
        for (int i = 0; i < length; i++) {
            c.points[i] = Moments.restore(state[i]);
        }
        return c;
    }

    /** @return curve points */
    public int length() {
        return points.length;
    }

    /** @return curves accepted */
    public long n() {
        return points[0].n();
    }

    /**
     * Adds a curve.
     *
     * @throws IllegalArgumentException for another length or a non-finite value
     */
    public void accept(double[] curve) {
        if (curve.length != points.length) {
            throw new IllegalArgumentException("curve has " + curve.length + " points, expected " + points.length);
        }
        for (double v : curve) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("curve has a non-finite value " + v);
            }
        }
        for (int i = 0; i < curve.length; i++) {
            points[i].accept(curve[i]);
        }
    }

    /** Adds another accumulator's curves. */
    public CurveAccumulator combine(CurveAccumulator other) {
        if (other.points.length != points.length) {
            throw new IllegalArgumentException("cannot combine curves of " + other.points.length + " and "
                    + points.length + " points");
        }
        for (int i = 0; i < points.length; i++) {
            points[i].combine(other.points[i]);
        }
        return this;
    }

    /** @return the mean curve with its 95% CI band */
    public MeanCurve result() {
        int k = points.length;
        double[] mean = new double[k];
        double[] sd = new double[k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        for (int i = 0; i < k; i++) {
            Moments.Estimate e = points[i].estimate();
            mean[i] = e.mean();
            sd[i] = e.sd();
            lo[i] = e.lower();
            hi[i] = e.upper();
        }
        return new MeanCurve(n(), mean, sd, lo, hi);
    }
}
