package org.heatbench.datasets.importers.wfdb;

/**
 * The extent of one wave on one lead, as an expert or a device marked it: WFDB's {@code (} onset, peak symbol,
 * {@code )} offset. Sample indices from the record's first sample at the record's own sampling rate;
 * {@value #UNKNOWN} where the annotation file has no such mark. Immutable.
 *
 * @param wave   which wave
 * @param onset  first sample of the wave, or -1
 * @param peak   the peak mark's sample (the beat annotation's sample for QRS), or -1
 * @param offset last sample of the wave, or -1
 */
public record WaveBoundary(Wave wave, int onset, int peak, int offset) {
    /** Unknown position. */
    public static final int UNKNOWN = -1;

    /** @return the peak, else the onset, else the offset: where the wave is, for ordering */
    public int position() {
        return peak >= 0 ? peak : onset >= 0 ? onset : offset;
    }

    /** @return {@code offset - onset + 1} samples, or -1 when either is unknown */
    public int samples() {
        return onset >= 0 && offset >= 0 ? offset - onset + 1 : UNKNOWN;
    }
}
