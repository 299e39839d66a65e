package org.heatbench.datasets.importers.wfdb;

/** An ECG wave whose boundaries an annotation marks. */
public enum Wave {
    /** P wave (WFDB symbol {@code p}). */
    P,
    /** QRS complex (any WFDB beat symbol: {@code N}, {@code V}, ...). */
    QRS,
    /** T wave (WFDB symbol {@code t}). */
    T,
    /** U wave (WFDB symbol {@code u}). */
    U
}
