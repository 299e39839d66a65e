package org.heatbench.datasets.importers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;

/**
 * A record as an importer found it, before it is fitted to a store: at the source's own sampling rate and length,
 * in the source's leads. Immutable (the record copies the signal).
 *
 * @param source   the file it came from, for messages
 * @param record   id, leads, signal [leads, samples] µV, targets and fiducials (sample indices at the source rate)
 * @param rateHz   the source's sampling rate
 * @param metadata what the source says about the record besides signal, targets and fiducials — {@code age},
 *                 {@code sex}, {@code statements} (diagnosis statements joined by {@code " | "}), ... — sorted by
 *                 key; empty when the source has none
 */
public record SourceRecord(String source, EcgRecord record, double rateHz, Map<String, String> metadata) {

    public SourceRecord {
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** A record without metadata. */
    public SourceRecord(String source, EcgRecord record, double rateHz) {
        this(source, record, rateHz, Map.of());
    }

    public static SourceRecord of(String source, String id, List<Lead> leads, int samples, float[] signal,
            double rateHz, Targets targets, Fiducials fiducials) {
        return new SourceRecord(source, new EcgRecord(id, leads, samples, signal, targets, fiducials), rateHz);
    }

    /** @return this record with more metadata (later keys replace earlier ones) */
    public SourceRecord withMetadata(Map<String, String> more) {
        Map<String, String> m = new TreeMap<>(metadata);
        m.putAll(more);
        return new SourceRecord(source, record, rateHz, m);
    }
}
