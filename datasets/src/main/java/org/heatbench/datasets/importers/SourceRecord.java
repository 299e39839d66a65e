package org.heatbench.datasets.importers;

import java.util.List;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;

/**
 * A record as an importer found it, before it is fitted to a store: at the source's own sampling rate and length,
 * in the source's leads. Immutable (the record copies the signal).
 *
 * @param source  the file it came from, for messages
 * @param record  id, leads, signal [leads, samples] µV, targets and fiducials (sample indices at the source rate)
 * @param rateHz  the source's sampling rate
 */
public record SourceRecord(String source, EcgRecord record, double rateHz) {

    public static SourceRecord of(String source, String id, List<Lead> leads, int samples, float[] signal,
            double rateHz, Targets targets, Fiducials fiducials) {
        return new SourceRecord(source, new EcgRecord(id, leads, samples, signal, targets, fiducials), rateHz);
    }
}
