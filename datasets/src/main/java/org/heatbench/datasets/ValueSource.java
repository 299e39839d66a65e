package org.heatbench.datasets;

/**
 * Where a stored target or fiducial value came from. Stored per record and value as int8 codes in the shards'
 * optional {@code /target_sources} and {@code /fiducial_sources} datasets (docs/DATASET_FORMAT.md); a store without
 * them takes its sources from the provenance: {@link #GENERATOR} for synthetic stores, {@link #DEVICE} for imports.
 */
public enum ValueSource {
    /** No value (NaN target, -1 fiducial). */
    UNKNOWN,
    /** Read from the input: a device's measurement (12SL, aECG annotations) or a table. */
    DEVICE,
    /** Measured by HeatBench's delineation ({@code org.heatbench.datasets.signal}). */
    DELINEATED,
    /** The synthetic generator's exact value. */
    GENERATOR,
    /**
     * An expert's annotation in the input, e.g. LUDB cardiologists' per-lead marks (the intervals of a rhythm,
     * combined over leads and beats by {@link org.heatbench.datasets.importers.wfdb.AnnotatedIntervals}).
     * Appended after {@link #GENERATOR} so that stored codes keep their meaning.
     */
    ANNOTATED;

    /** @return the int8 code stored in shards (the ordinal) */
    public byte code() {
        return (byte) ordinal();
    }

    /** @return the source of a stored code; unknown codes read as {@link #UNKNOWN} */
    public static ValueSource of(byte code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }
}
