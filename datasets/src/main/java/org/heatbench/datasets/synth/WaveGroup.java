package org.heatbench.datasets.synth;

/**
 * The wave groups of the dipole model. P, QRS and T have measured onsets and offsets (atrial depolarisation, ventricular
 * depolarisation, ventricular repolarisation); U and Ta are drawn but never measured.
 */
public enum WaveGroup {
    /** The P wave. */
    P,
    /** The Q, R and S waves. */
    QRS,
    /** The T wave and the ST-level plateau. */
    T,
    /** The U wave (model v2): after T, not part of any measured interval. */
    U,
    /**
     * The atrial repolarisation (Ta) wave (model v3): from the P wave through the PR segment and QRS into ST, not part
     * of any measured interval.
     */
    TA
}
