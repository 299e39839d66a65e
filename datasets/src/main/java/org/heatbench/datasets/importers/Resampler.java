package org.heatbench.datasets.importers;

/**
 * Resamples a signal to another rate with a Lanczos-3 (windowed-sinc) kernel; when lowering the rate the kernel is
 * stretched by the rate ratio, which makes it an anti-aliasing low-pass at the new Nyquist frequency. Weights are
 * normalised at every output sample, so a constant signal stays exactly constant and the edges need no padding.
 * Output sample j lies at input time {@code j · inRate / outRate}; the output has
 * {@code round(n · outRate / inRate)} samples (the same duration). Stateless, thread-safe.
 */
public final class Resampler {
    private static final int LOBES = 3;

    private Resampler() {
    }

    /** @return the number of output samples for {@code n} input samples */
    public static int outputLength(int n, double inRateHz, double outRateHz) {
        return (int) Math.round(n * outRateHz / inRateHz);
    }

    /**
     * @param in        input samples of one lead
     * @param inRateHz  its rate
     * @param outRateHz the wanted rate
     * @return the resampled lead; a copy when the rates are equal
     */
    public static float[] resample(float[] in, double inRateHz, double outRateHz) {
        if (inRateHz == outRateHz) {
            return in.clone();
        }
        int n = in.length;
        int m = outputLength(n, inRateHz, outRateHz);
        float[] out = new float[m];
        double step = inRateHz / outRateHz;
        double stretch = Math.max(1, step);
        double reach = LOBES * stretch;
        for (int j = 0; j < m; j++) {
            double t = j * step;
            int from = Math.max(0, (int) Math.ceil(t - reach));
            int to = Math.min(n - 1, (int) Math.floor(t + reach));
            double sum = 0;
            double weights = 0;
            for (int k = from; k <= to; k++) {
                double w = lanczos((t - k) / stretch);
                sum += w * in[k];
                weights += w;
            }
            out[j] = (float) (sum / weights);
        }
        return out;
    }

    private static double lanczos(double x) {
        if (x == 0) {
            return 1;
        }
        if (Math.abs(x) >= LOBES) {
            return 0;
        }
        double px = Math.PI * x;
        return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
    }
}
