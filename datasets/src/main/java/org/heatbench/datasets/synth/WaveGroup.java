package org.heatbench.datasets.synth;

/** The wave groups whose onsets and offsets are measured: atrial (P), ventricular depolarisation, repolarisation. */
public enum WaveGroup {
    /** The P wave. */
    P,
    /** The Q, R and S waves. */
    QRS,
    /** The T wave and the ST-level plateau. */
    T,
    /** The U wave (model v2): after T, not part of any measured interval. */
    U
}
