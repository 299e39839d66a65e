package org.heatbench.datasets;

import org.heatbench.core.InvalidInputException;

/**
 * Fiducial positions of one record as sample indices from the record's first sample; {@value #UNKNOWN_POSITION}
 * means unknown. Immutable.
 */
public record Fiducials(int pOn, int pOff, int qrsOn, int qrsOff, int tOff, int rPeak) {

    /** The position value meaning "unknown". */
    public static final int UNKNOWN_POSITION = -1;

    /** Every fiducial unknown. */
    public static final Fiducials UNKNOWN = new Fiducials(-1, -1, -1, -1, -1, -1);

    public Fiducials {
        int[] all = {pOn, pOff, qrsOn, qrsOff, tOff, rPeak};
        for (int k = 0; k < all.length; k++) {
            if (all[k] < UNKNOWN_POSITION) {
                throw new InvalidInputException("fiducial " + Fiducial.ALL.get(k).key() + " = " + all[k]
                        + " is negative; use " + UNKNOWN_POSITION + " for unknown");
            }
        }
    }

    /** @param positions six sample indices in {@link Fiducial#ALL} order, -1 for unknown */
    public static Fiducials of(int[] positions) {
        if (positions.length != Fiducial.ALL.size()) {
            throw new InvalidInputException("expected " + Fiducial.ALL.size() + " fiducials, got " + positions.length);
        }
        return new Fiducials(positions[0], positions[1], positions[2], positions[3], positions[4], positions[5]);
    }

    public int get(Fiducial fiducial) {
        return switch (fiducial) {
            case P_ON -> pOn;
            case P_OFF -> pOff;
            case QRS_ON -> qrsOn;
            case QRS_OFF -> qrsOff;
            case T_OFF -> tOff;
            case R_PEAK -> rPeak;
        };
    }

    public boolean isKnown(Fiducial fiducial) {
        return get(fiducial) != UNKNOWN_POSITION;
    }

    /** @return the six positions in {@link Fiducial#ALL} order (a new array) */
    public int[] toArray() {
        return new int[] {pOn, pOff, qrsOn, qrsOff, tOff, rPeak};
    }

    /**
     * Moves every known position to another sampling rate and window length: {@code round(p · factor)}; a position
     * that falls outside [0, samples) becomes unknown.
     */
    public Fiducials rescaled(double factor, int samples) {
        int[] p = toArray();
        for (int k = 0; k < p.length; k++) {
            if (p[k] != UNKNOWN_POSITION) {
                long moved = Math.round(p[k] * factor);
                p[k] = moved >= 0 && moved < samples ? (int) moved : UNKNOWN_POSITION;
            }
        }
        return of(p);
    }
}
