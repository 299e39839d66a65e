package org.heatbench.datasets.synth;

/**
 * Recording artefacts added to the noise-free beat besides the white noise (model v2; sources in
 * {@code docs/SYNTHESIS.md}). Per-lead phases and offsets are drawn when the noise is rendered, from the record's
 * stream. Amplitudes in µV.
 *
 * @param emgUv       SD of muscle (EMG) noise: white noise smoothed by a 3-sample moving average (energy mostly
 *                    20–150 Hz at 500 Hz sampling), per lead
 * @param mainsUv     amplitude of the mains interference sinusoid, per lead (random phase)
 * @param mainsHz     mains frequency, 50 or 60 Hz
 * @param wanderUv    amplitude of the baseline-wander sinusoid, per lead (random phase)
 * @param wanderHz    its frequency (respiration and electrode drift, 0.05–0.5 Hz)
 * @param offsetSdUv  SD of a constant per-lead offset (a median whose baseline is not referenced to 0)
 * @param quantumUv   amplitude quantum of the exporting device (4.88 µV for MUSE, 2.5 µV for the HL7 aECG example;
 *                    0 = none): the stored value is rounded to a multiple of it
 */
public record Artefacts(double emgUv, double mainsUv, double mainsHz, double wanderUv, double wanderHz,
        double offsetSdUv, double quantumUv) {

    /** No artefacts (model v1: white noise only). */
    public static final Artefacts NONE = new Artefacts(0, 0, 50, 0, 0.1, 0, 0);

    /** @return whether nothing is added */
    public boolean isNone() {
        return equals(NONE);
    }
}
