package org.heatbench.perturbation;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The working state of one record's perturbation trajectory: the clean signal, the current (perturbed) signal, which
 * points have been removed so far, and the trajectory's random stream. Layout [leads, samples] row-major, µV.
 *
 * <p>Not thread-safe: one trajectory, one thread. The clean signal is never modified.
 */
public final class PerturbationState {
    private final float[] original;
    private final float[] current;
    private final boolean[] removed;
    private final int leads;
    private final int samples;
    private final double range;
    private final UniformRandomProvider rng;
    private final NormalizedGaussianSampler gaussian;
    private double[] leadMeans;
    private float[] pointNoise;

    /**
     * @param original the clean record, [leads, samples], finite values (not copied, not modified)
     * @param rng the trajectory's random stream
     */
    public PerturbationState(float[] original, int leads, int samples, UniformRandomProvider rng) {
        if (original.length != leads * samples) {
            throw new IllegalArgumentException("signal has " + original.length + " values, expected " + leads + " x "
                    + samples);
        }
        this.original = original;
        this.current = original.clone();
        this.removed = new boolean[original.length];
        this.leads = leads;
        this.samples = samples;
        this.rng = rng;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : original) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        this.range = (double) max - min;
    }

    /** @return the clean record (do not modify) */
    public float[] original() {
        return original;
    }

    /** @return the current perturbed record, modified in place by perturbation functions */
    public float[] current() {
        return current;
    }

    /** @return whether point {@code (lead, t)} has been removed (perturbed) so far */
    public boolean isRemoved(int lead, int t) {
        return removed[lead * samples + t];
    }

    public int leads() {
        return leads;
    }

    public int samples() {
        return samples;
    }

    /** @return max − min over all values of the clean record (µV), in double precision from the float32 values */
    public double range() {
        return range;
    }

    /** @return the mean of one lead of the clean record, summed in double precision */
    public double leadMean(int lead) {
        if (leadMeans == null) {
            leadMeans = new double[leads];
            for (int l = 0; l < leads; l++) {
                double s = 0;
                for (int t = 0; t < samples; t++) {
                    s += original[l * samples + t];
                }
                leadMeans[l] = s / samples;
            }
        }
        return leadMeans[lead];
    }

    /** @return a standard normal draw from the trajectory's stream (Ziggurat) */
    public double gaussian() {
        return gaussian.sample();
    }

    /** @return the trajectory's random stream */
    public UniformRandomProvider rng() {
        return rng;
    }

    /**
     * A per-point noise value drawn once, the first time it is asked for, and fixed afterwards (ROAD keeps a removed
     * point's noise while its neighbours change). Draws happen in the order of the requests.
     */
    float pointNoise(int lead, int t, double sigma) {
        if (pointNoise == null) {
            pointNoise = new float[original.length];
            Arrays.fill(pointNoise, Float.NaN);
        }
        int i = lead * samples + t;
        if (Float.isNaN(pointNoise[i])) {
            pointNoise[i] = (float) (sigma * gaussian.sample());
        }
        return pointNoise[i];
    }

    /** Marks every point of {@code r} removed. */
    void markRemoved(Region r) {
        for (int l = r.firstLead(); l < r.endLead(); l++) {
            Arrays.fill(removed, l * samples + r.start(), l * samples + r.end(), true);
        }
    }

    /** Restores the clean signal and clears the removed mask (non-cumulative schedules); keeps fixed point noise. */
    void reset() {
        System.arraycopy(original, 0, current, 0, original.length);
        Arrays.fill(removed, false);
    }
}
