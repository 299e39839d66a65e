package org.heatbench.datasets.importers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.signal.MedianBeat;
import org.heatbench.datasets.signal.MedianBeatBuilder;
import org.heatbench.datasets.signal.Measurements;
import org.heatbench.datasets.signal.Recording;

/**
 * Turns the rhythm records of any {@link RecordSource} into median beats ({@link MedianBeatBuilder}; at the source
 * rate, the importer then resamples to the store's). Targets the source carries are kept (they came from a device
 * or a table); missing ones are measured on the median ({@link Measurements}); fiducials are always the median's
 * delineation (the source's refer to the rhythm). A rhythm without a usable median (flat, clipped, no or too few
 * beats) becomes a {@link SourceItem.Rejected} with the builder's message. Keeps a quality row per record. Not
 * thread-safe (like every source).
 */
public final class MedianSource implements RecordSource {

    /**
     * What the median of one record rests on, and where each target came from.
     *
     * @param id                  record id
     * @param beatsFound          QRS complexes detected in the rhythm
     * @param beatsUsed           beats averaged
     * @param rejectedCorrelation beats left out for low correlation with the template
     * @param rejectedPremature   beats left out as premature
     * @param measuredTargets     targets measured on the median (the others came from the source)
     * @param error               why no median was made, or null
     */
    public record Quality(String id, int beatsFound, int beatsUsed, int rejectedCorrelation, int rejectedPremature,
            List<String> measuredTargets, String error) {
    }

    private final RecordSource rhythms;
    private final MedianBeatBuilder builder;
    private final List<Quality> quality = new ArrayList<>();

    public MedianSource(RecordSource rhythms, MedianBeatBuilder builder) {
        this.rhythms = rhythms;
        this.builder = builder;
    }

    @Override
    public String description() {
        return rhythms.description() + " (median beats)";
    }

    /** @return one row per record read, in input order */
    public List<Quality> quality() {
        return Collections.unmodifiableList(quality);
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        rhythms.forEach(item -> {
            if (item instanceof SourceItem.Rejected) {
                sink.accept(item);
                return;
            }
            SourceRecord sr = ((SourceItem.Accepted) item).record();
            EcgRecord r = sr.record();
            MedianBeat m;
            try {
                m = builder.build(Recording.of(r, sr.rateHz()));
            } catch (HeatBenchException e) {
                quality.add(new Quality(r.id(), 0, 0, 0, 0, List.of(), e.getMessage()));
                sink.accept(new SourceItem.Rejected(sr.source(), r.id(), e.getMessage()));
                return;
            }
            Measurements meas = Measurements.of(m.beat(), m.delineation(), m.meanRrMs());
            double[] t = r.targets().toArray();
            List<String> measured = new ArrayList<>();
            for (Target target : Target.ALL) {
                if (Double.isNaN(t[target.ordinal()])) {
                    t[target.ordinal()] = meas.targets().get(target);
                    if (!Double.isNaN(t[target.ordinal()])) {
                        measured.add(target.key());
                    }
                }
            }
            quality.add(new Quality(r.id(), m.beatsFound(), m.beatsUsed(), m.rejectedCorrelation(),
                    m.rejectedPremature(), List.copyOf(measured), null));
            Recording beat = m.beat();
            sink.accept(new SourceItem.Accepted(SourceRecord.of(sr.source(), r.id(), beat.leads(), beat.samples(),
                    beat.signal(), sr.rateHz(), Targets.of(t), m.delineation().toFiducials(meas.rPeak()))));
        });
    }
}
