package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;

/**
 * How a record's [leads, samples] grid is cut into the non-overlapping regions that are ranked and perturbed.
 * Regions are numbered {@code 0 .. count − 1}; a region's score is the sum of its points' scores, and rankings
 * break ties by this number, so the numbering is part of the contract:
 * <ul>
 *   <li>{@link #points()}: every (lead, sample) point, number {@code lead · samples + t} — one joint ranking over
 *       all leads, as in the reference study;</li>
 *   <li>{@link #leadWindows(int)}: windows of {@code w} samples on one lead, number {@code lead · ⌈S/w⌉ + j};</li>
 *   <li>{@link #windows(int)}: windows of {@code w} samples across all leads, number {@code j}.</li>
 * </ul>
 * The last window of a lead is shorter when {@code w} does not divide the sample count. Implementations are
 * immutable and thread-safe.
 */
public interface RegionScheme {

    /** @return the canonical text, parsed back by {@link #parse} ({@code point}, {@code lead_window:w=10}, ...) */
    String canonical();

    /** @return the number of regions of a record with {@code leads} × {@code samples} points */
    int count(int leads, int samples);

    /** @return region {@code index} */
    Region region(int index, int leads, int samples);

    /**
     * Sums point scores over every region.
     *
     * @param pointScores [leads, samples] row-major
     * @return one score per region, by region number
     */
    default double[] scores(double[] pointScores, int leads, int samples) {
        int n = count(leads, samples);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            Region r = region(i, leads, samples);
            double sum = 0;
            for (int l = r.firstLead(); l < r.endLead(); l++) {
                int row = l * samples;
                for (int t = r.start(); t < r.end(); t++) {
                    sum += pointScores[row + t];
                }
            }
            s[i] = sum;
        }
        return s;
    }

    /** Single points, ranked jointly over all leads. */
    static RegionScheme points() {
        return PointRegions.INSTANCE;
    }

    /** Windows of {@code w} samples on one lead. */
    static RegionScheme leadWindows(int w) {
        return new LeadWindowRegions(w);
    }

    /** Windows of {@code w} samples across all leads. */
    static RegionScheme windows(int w) {
        return new TimeWindowRegions(w);
    }

    /**
     * Parses a spec with the built-in schemes and every {@link RegionSchemeFactory} on the class path
     * ({@link PerturbationRegistries#discover()}): {@code point}, {@code lead_window:w=W} (or {@code lead_window:W}),
     * {@code window:w=W}.
     *
     * @throws ConfigurationException naming the scheme and what it accepts
     */
    static RegionScheme parse(String text) {
        return PerturbationRegistries.discover().regionScheme(text);
    }
}
