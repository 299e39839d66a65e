package org.heatbench.perturbation.stats;

import java.io.Serializable;

/**
 * Decision flips of one participant of a classification target over the common set (docs/PERTURBATION.md, "Decision
 * flips"): how many records' class decision flipped along the MoRF trajectory (the random order for the control) and
 * at which step. Computed from an exact histogram of flip steps, so it merges bit for bit.
 *
 * @param participant method or {@code random_order}
 * @param n records with a flip determination (common-set records of a classification target)
 * @param flipped records whose decision flipped within the K steps
 * @param share flipped / n, NaN when n = 0
 * @param shareLow lower end of the 95% Wilson score interval of the share
 * @param shareHigh upper end
 * @param step mean, SD and Student-t 95% CI of the flip step over the flipped records (steps, 1..K)
 * @param medianStep median flip step over the flipped records (the mean of the two middle ones for an even count), NaN
 *     when none flipped
 * @param histogram records per flip step: index 0 = no flip, index k = first flip at step k (length K + 1)
 */
public record FlipSummary(String participant, long n, long flipped, double share, double shareLow, double shareHigh,
        Moments.Estimate step, double medianStep, long[] histogram) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double Z95 = 1.959963984540054;

    public FlipSummary {
        histogram = histogram.clone();
    }

    /** @return records per flip step (a copy): index 0 = no flip, index k = first flip at step k */
    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlipSummary f && participant.equals(f.participant) && n == f.n && flipped == f.flipped
                && Double.compare(share, f.share) == 0 && Double.compare(shareLow, f.shareLow) == 0
                && Double.compare(shareHigh, f.shareHigh) == 0 && step.equals(f.step)
                && Double.compare(medianStep, f.medianStep) == 0 && java.util.Arrays.equals(histogram, f.histogram);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(participant, n, flipped, share, step, medianStep)
                + java.util.Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "FlipSummary[" + participant + ", n=" + n + ", flipped=" + flipped + ", share=" + share + " ["
                + shareLow + ", " + shareHigh + "], step=" + step + ", median=" + medianStep + ", histogram="
                + java.util.Arrays.toString(histogram) + "]";
    }

    /** The summary of a histogram (index 0 = no flip, k = flip at step k). */
    public static FlipSummary of(String participant, long[] histogram) {
        long n = 0;
        long flipped = 0;
        Moments steps = new Moments();
        for (int k = 0; k < histogram.length; k++) {
            n += histogram[k];
            if (k > 0) {
                flipped += histogram[k];
                for (long c = 0; c < histogram[k]; c++) {
                    steps.accept(k);
                }
            }
        }
        double share = n == 0 ? Double.NaN : (double) flipped / n;
        double low = Double.NaN;
        double high = Double.NaN;
        if (n > 0) {
            // Wilson score interval: stays inside [0, 1] and is defined at a share of 0 or 1
            double z2 = Z95 * Z95;
            double centre = (share + z2 / (2.0 * n)) / (1 + z2 / n);
            double half = Z95 / (1 + z2 / n) * Math.sqrt(share * (1 - share) / n + z2 / (4.0 * n * n));
            low = Math.max(0, centre - half);
            high = Math.min(1, centre + half);
        }
        return new FlipSummary(participant, n, flipped, share, low, high, steps.estimate(),
                median(histogram, flipped), histogram);
    }

    private static double median(long[] h, long flipped) {
        if (flipped == 0) {
            return Double.NaN;
        }
        long lo = (flipped - 1) / 2;
        long hi = flipped / 2;
        return (at(h, lo) + at(h, hi)) / 2.0;
    }

    /** @return the flip step of the i-th (0-based) flipped record in step order */
    private static int at(long[] h, long i) {
        long seen = 0;
        for (int k = 1; k < h.length; k++) {
            seen += h[k];
            if (i < seen) {
                return k;
            }
        }
        throw new IllegalStateException("index " + i + " beyond " + seen + " flips");
    }
}
