package org.heatbench.datasets.importers.wfdb;

/**
 * One annotated beat on one lead: its QRS complex and, where annotated, the P wave before it (after the previous
 * QRS) and the T wave after it (before the next QRS). Sample indices at the record's sampling rate. Immutable.
 *
 * @param index the beat's number on its lead, from 0
 * @param p     the beat's P wave, or {@code null} when none is annotated
 * @param qrs   the QRS complex (never null)
 * @param t     the beat's T wave, or {@code null} when none is annotated
 */
public record Beat(int index, WaveBoundary p, WaveBoundary qrs, WaveBoundary t) {
    public Beat {
        if (qrs == null || qrs.wave() != Wave.QRS) {
            throw new IllegalArgumentException("a beat needs a QRS boundary");
        }
    }

    /** @return {@code p_on, p_off, qrs_on, qrs_off, t_off, r_peak} (-1 where unknown), in store fiducial order */
    public int[] fiducials() {
        return new int[] {p == null ? -1 : p.onset(), p == null ? -1 : p.offset(), qrs.onset(), qrs.offset(),
            t == null ? -1 : t.offset(), qrs.peak()};
    }
}
