package org.heatbench.methods.attribution;

/** How a noise level parameter is read: an absolute σ in input units, or relative to the record's range. */
final class NoiseScale {
    private NoiseScale() {
    }

    /** σ for one record: {@code stdev} or {@code stdev · (max − min)} over all its values. */
    static double sigma(float[] xs, int offset, int item, double stdev, boolean relative) {
        if (!relative) {
            return stdev;
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < item; j++) {
            float v = xs[offset + j];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return stdev * ((double) max - min);
    }
}
