package org.heatbench.perturbation;

/**
 * A rectangle of an ECG record's [leads, samples] grid: leads {@code [firstLead, endLead)} × samples
 * {@code [start, end)}. Points are visited lead-major (lead, then sample), which is also the order in which a
 * perturbation function draws its random numbers.
 *
 * @param firstLead first lead, inclusive
 * @param endLead last lead, exclusive
 * @param start first sample, inclusive
 * @param end last sample, exclusive
 */
public record Region(int firstLead, int endLead, int start, int end) {

    public Region {
        if (firstLead < 0 || endLead <= firstLead || start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative region: leads [" + firstLead + ", " + endLead
                    + "), samples [" + start + ", " + end + ")");
        }
    }

    /** @return a single point */
    public static Region point(int lead, int sample) {
        return new Region(lead, lead + 1, sample, sample + 1);
    }

    /** @return the number of points */
    public int size() {
        return (endLead - firstLead) * (end - start);
    }
}
