package org.heatbench.datasets.signal;

/**
 * A median beat made from a rhythm, with what went into it.
 *
 * @param beat             the median: [leads, samples] µV at the rhythm's rate, QRS onset at the configured sample,
 *                         each lead referenced to 0 at the QRS onset
 * @param delineation      its boundaries (indices into {@code beat})
 * @param beatsFound       QRS complexes detected in the rhythm
 * @param beatsUsed        beats averaged
 * @param rejectedCorrelation beats left out for low correlation with the template
 * @param rejectedPremature   beats left out as premature (RR rule)
 * @param meanRrMs         mean RR of the rhythm (all detected beats), ms
 */
public record MedianBeat(Recording beat, Delineation delineation, int beatsFound, int beatsUsed,
        int rejectedCorrelation, int rejectedPremature, double meanRrMs) {

    /** @return the heart rate from the rhythm's mean RR, bpm (NaN with fewer than two beats) */
    public double heartRate() {
        return 60000 / meanRrMs;
    }
}
