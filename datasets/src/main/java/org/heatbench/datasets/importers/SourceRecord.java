package org.heatbench.datasets.importers;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSources;

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
 * @param labels   named binary (multi-label) labels present on the record, each with its likelihood in [0, 1]
 *                 (1 for a plain yes; PTB-XL's SCP likelihood / 100); a label the source defines but does not list
 *                 for this record is 0 — see {@link org.heatbench.datasets.store.RecordMetadata}; sorted by name
 * @param split    the split the source assigns (PTB-XL's {@code strat_fold}), or null to use the store's split policy
 * @param sources  the targets and fiducials that did not come from the input's device or table (e.g. measured by
 *                 HeatBench at the input's fiducials, {@link org.heatbench.datasets.ValueSource#MEASURED}); the import
 *                 writes them into the store's value sources. {@link ValueSources#DEFAULT}: all from the input
 */
public record SourceRecord(String source, EcgRecord record, double rateHz, Map<String, String> metadata,
        Map<String, Double> labels, Split split, ValueSources sources) {

    public SourceRecord {
        sources = sources == null ? ValueSources.DEFAULT : sources;
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        for (Map.Entry<String, Double> e : labels.entrySet()) {
            double v = e.getValue();
            if (!(v >= 0 && v <= 1)) {
                throw new InvalidInputException("record " + record.id() + ": label " + e.getKey() + " = " + v
                        + " is not a likelihood in [0, 1]");
            }
        }
    }

    /** A record whose values all came from the input. */
    public SourceRecord(String source, EcgRecord record, double rateHz, Map<String, String> metadata,
            Map<String, Double> labels, Split split) {
        this(source, record, rateHz, metadata, labels, split, ValueSources.DEFAULT);
    }

    /** A record without metadata, labels or split. */
    public SourceRecord(String source, EcgRecord record, double rateHz) {
        this(source, record, rateHz, Map.of(), Map.of(), null);
    }

    /** A record with metadata, without labels or split. */
    public SourceRecord(String source, EcgRecord record, double rateHz, Map<String, String> metadata) {
        this(source, record, rateHz, metadata, Map.of(), null);
    }

    public static SourceRecord of(String source, String id, List<Lead> leads, int samples, float[] signal,
            double rateHz, Targets targets, Fiducials fiducials) {
        return new SourceRecord(source, new EcgRecord(id, leads, samples, signal, targets, fiducials), rateHz);
    }

    /** @return this record with more metadata (later keys replace earlier ones) */
    public SourceRecord withMetadata(Map<String, String> more) {
        Map<String, String> m = new TreeMap<>(metadata);
        m.putAll(more);
        return new SourceRecord(source, record, rateHz, m, labels, split, sources);
    }

    /** @return this record with more labels (later names replace earlier ones) */
    public SourceRecord withLabels(Map<String, Double> more) {
        Map<String, Double> m = new TreeMap<>(labels);
        m.putAll(more);
        return new SourceRecord(source, record, rateHz, metadata, m, split, sources);
    }

    /** @return this record with its split fixed by the source (null: the store's policy decides) */
    public SourceRecord withSplit(Split s) {
        return new SourceRecord(source, record, rateHz, metadata, labels, s, sources);
    }

    /**
     * @return this record with another {@link EcgRecord} (same source, rate, metadata, labels, split and value
     *     sources: a caller that replaces values from elsewhere sets their sources with {@link #withSources})
     */
    public SourceRecord withRecord(EcgRecord r) {
        return new SourceRecord(source, r, rateHz, metadata, labels, split, sources);
    }

    /** @return this record with other value sources */
    public SourceRecord withSources(ValueSources s) {
        return new SourceRecord(source, record, rateHz, metadata, labels, split, s);
    }
}
