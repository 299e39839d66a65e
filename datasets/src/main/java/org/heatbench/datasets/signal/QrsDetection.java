package org.heatbench.datasets.signal;

/**
 * QRS complexes found in a recording.
 *
 * @param positions   sample index of each complex (the maximum of the band-passed signal energy), ascending
 * @param searchBack  how many of them were found by search-back (below the main threshold)
 * @param rateHz      sampling rate of the recording
 */
public record QrsDetection(int[] positions, int searchBack, double rateHz) {

    public QrsDetection {
        positions = positions.clone();
    }

    @Override
    public int[] positions() {
        return positions.clone();
    }

    /** @return number of complexes */
    public int count() {
        return positions.length;
    }

    /** @return position of complex {@code i} */
    public int position(int i) {
        return positions[i];
    }

    /** @return the RR intervals in ms (count − 1 values) */
    public double[] rrMs() {
        double[] rr = new double[Math.max(0, positions.length - 1)];
        for (int i = 1; i < positions.length; i++) {
            rr[i - 1] = (positions[i] - positions[i - 1]) * 1000 / rateHz;
        }
        return rr;
    }

    /** @return the mean RR interval in ms, NaN with fewer than two complexes */
    public double meanRrMs() {
        if (positions.length < 2) {
            return Double.NaN;
        }
        return (positions[positions.length - 1] - positions[0]) * 1000 / rateHz / (positions.length - 1);
    }
}
