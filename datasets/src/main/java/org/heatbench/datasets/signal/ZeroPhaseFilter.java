package org.heatbench.datasets.signal;

import org.heatbench.core.ConfigurationException;

/**
 * A second-order Butterworth section (bilinear transform with pre-warping) applied forward and backward, so the
 * result has no phase shift and the magnitude response is squared (−6 dB at the cut-off). Edges are handled by
 * starting the filter in the steady state of the first (last) sample, so a constant input passes a low-pass
 * unchanged and gives zero from a high-pass. Immutable and thread-safe.
 *
 * @param b0 feed-forward coefficient
 * @param b1 feed-forward coefficient
 * @param b2 feed-forward coefficient
 * @param a1 feedback coefficient
 * @param a2 feedback coefficient
 */
public record ZeroPhaseFilter(double b0, double b1, double b2, double a1, double a2) {

    /** @return a low-pass with cut-off {@code cutoffHz} at {@code rateHz} */
    public static ZeroPhaseFilter lowPass(double cutoffHz, double rateHz) {
        double k = prewarp(cutoffHz, rateHz);
        double q = Math.sqrt(2);
        double norm = 1 / (1 + q * k + k * k);
        double b0 = k * k * norm;
        return new ZeroPhaseFilter(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - q * k + k * k) * norm);
    }

    /** @return a high-pass with cut-off {@code cutoffHz} at {@code rateHz} */
    public static ZeroPhaseFilter highPass(double cutoffHz, double rateHz) {
        double k = prewarp(cutoffHz, rateHz);
        double q = Math.sqrt(2);
        double norm = 1 / (1 + q * k + k * k);
        return new ZeroPhaseFilter(norm, -2 * norm, norm, 2 * (k * k - 1) * norm, (1 - q * k + k * k) * norm);
    }

    private static double prewarp(double cutoffHz, double rateHz) {
        if (!(cutoffHz > 0 && cutoffHz < rateHz / 2)) {
            throw new ConfigurationException("filter cut-off " + cutoffHz + " Hz must be within (0, " + rateHz / 2
                    + ") Hz at " + rateHz + " Hz");
        }
        return Math.tan(Math.PI * cutoffHz / rateHz);
    }

    /** DC gain: 1 for a low-pass, 0 for a high-pass. */
    private double dcGain() {
        return (b0 + b1 + b2) / (1 + a1 + a2);
    }

    /**
     * Filters {@code n} samples of {@code x} starting at {@code from} into {@code out} (starting at 0), forward then
     * backward. {@code out} may not alias {@code x}.
     */
    public void apply(float[] x, int from, int n, double[] out) {
        if (n == 0) {
            return;
        }
        // forward pass, initial state = steady state for a constant x[from]
        double g = dcGain();
        double x0 = x[from];
        double y1 = g * x0;
        double y2 = y1;
        double x1 = x0;
        double x2 = x0;
        for (int i = 0; i < n; i++) {
            double xi = x[from + i];
            double y = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = xi;
            y2 = y1;
            y1 = y;
            out[i] = y;
        }
        backward(out, n, g);
    }

    /** Filters {@code x[0..n)} in place, forward then backward. */
    public void applyInPlace(double[] x, int n) {
        if (n == 0) {
            return;
        }
        double g = dcGain();
        double x0 = x[0];
        double y1 = g * x0;
        double y2 = y1;
        double x1 = x0;
        double x2 = x0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double y = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = xi;
            y2 = y1;
            y1 = y;
            x[i] = y;
        }
        backward(x, n, g);
    }

    private void backward(double[] y, int n, double g) {
        double xe = y[n - 1];
        double y1 = g * xe;
        double y2 = y1;
        double x1 = xe;
        double x2 = xe;
        for (int i = n - 1; i >= 0; i--) {
            double xi = y[i];
            double v = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = xi;
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
    }
}
