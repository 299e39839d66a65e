package org.heatbench.datasets;

/**
 * Where a stored target or fiducial value came from. Stored per record and value as int8 codes in the shards'
 * optional {@code /target_sources} and {@code /fiducial_sources} datasets (docs/DATASET_FORMAT.md); a store without
 * them takes its sources from the provenance: {@link #GENERATOR} for synthetic stores, {@link #DEVICE} for imports.
 * An import writes them itself when a record has a value that did not come from the device
 * ({@link ValueSources}, e.g. {@link #MEASURED}). The codes are the ordinals: a new source is only ever appended.
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
     * combined over leads and beats by {@link org.heatbench.datasets.importers.wfdb.AnnotatedIntervals}; the
     * fiducials of a WFDB record with one annotated beat). {@code dataset delineate} never replaces it.
     * Appended after {@link #GENERATOR} so that stored codes keep their meaning.
     */
    ANNOTATED,
    /**
     * Computed by HeatBench from the input's own fiducials: measured on the input's waveform at the fiducials the
     * input gives (a device's or an annotator's), or derived from them. Examples: the MUSE importer's V5 amplitudes
     * when the file carries no 12SL measurement matrix to read them from, and its R peak (the V5 maximum between the
     * device's QRS onset and offset); the WFDB importer's R peak (the V5 maximum between a one-beat record's
     * annotated QRS onset and offset); the aECG importer's heart rate from the QRS onsets annotated in the rhythm
     * when the file states none.
     *
     * <p>Not {@link #DEVICE}: the device did not report the number. Not {@link #DELINEATED} either: no HeatBench
     * delineation placed a boundary; the value rests on the input's fiducials, and only the arithmetic on them is
     * ours (the generator's definitions, {@code org.heatbench.datasets.synth.BeatMeasurer}), so it is a fair
     * reference for a model of that target, reported under its own name. A unit conversion of a device value, or an
     * interval between two of the device's own fiducials (MIMIC-IV-ECG's PR = {@code qrs_onset - p_onset},
     * PTB-XL+'s heart rate = 60000 / {@code RR_Mean_Global}), stays {@link #DEVICE}: no measurement of ours is in it.
     * {@code dataset delineate} treats a measured value like a device value: kept unless {@code --overwrite-device};
     * it writes this source itself for an R peak or target it measures at kept input boundaries only
     * ({@code org.heatbench.datasets.store.StoreDelineation}'s merge rule).
     * Appended after {@link #ANNOTATED} so that stored codes keep their meaning.
     */
    MEASURED;

    /** @return the int8 code stored in shards (the ordinal) */
    public byte code() {
        return (byte) ordinal();
    }

    /** @return the source of a stored code; unknown codes read as {@link #UNKNOWN} */
    public static ValueSource of(byte code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }
}
