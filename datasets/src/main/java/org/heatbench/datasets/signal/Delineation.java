package org.heatbench.datasets.signal;

import org.heatbench.datasets.Fiducials;

/**
 * Wave boundaries of one beat (global, over all leads) as sample indices into the recording; -1 = not found.
 *
 * @param pOn    P onset
 * @param pOff   P offset
 * @param qrsOn  QRS onset
 * @param qrsOff QRS offset (J point)
 * @param tPeak  T peak (largest spatial deflection of the T wave)
 * @param tOff   T offset
 */
public record Delineation(int pOn, int pOff, int qrsOn, int qrsOff, int tPeak, int tOff) {

    /** Nothing found. */
    public static final Delineation NONE = new Delineation(-1, -1, -1, -1, -1, -1);

    /** @return the same boundaries moved by {@code delta} samples (unknown stays unknown) */
    public Delineation shifted(int delta) {
        return new Delineation(move(pOn, delta), move(pOff, delta), move(qrsOn, delta), move(qrsOff, delta),
                move(tPeak, delta), move(tOff, delta));
    }

    private static int move(int p, int delta) {
        return p < 0 ? -1 : Math.max(-1, p + delta);
    }

    /** @return the store's fiducials, with {@code rPeak} (the V5 R peak, -1 when unknown) */
    public Fiducials toFiducials(int rPeak) {
        return new Fiducials(pOn, pOff, qrsOn, qrsOff, tOff, rPeak);
    }
}
