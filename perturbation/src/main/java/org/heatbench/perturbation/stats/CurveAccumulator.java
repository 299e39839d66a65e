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
