package org.heatbench.datasets.importers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.heatbench.datasets.importers.wfdb.AnnotatedIntervals;
import org.heatbench.datasets.signal.MedianBeat;
import org.heatbench.datasets.signal.MedianBeatBuilder;
import org.heatbench.datasets.signal.Measurements;
import org.heatbench.datasets.signal.Recording;

/**
 * Turns the rhythm records of any {@link RecordSource} into median beats ({@link MedianBeatBuilder}; at the source
 * rate, the importer then resamples to the store's). An expert's value of a target for the whole rhythm, carried in
 * the record's metadata as {@code annotated_<target key>} (a number in the target's unit; the WFDB importer sets
 * {@code annotated_pr}, {@code annotated_qrs}, {@code annotated_qt} from LUDB's per-lead cardiologist marks, see
 * {@link org.heatbench.datasets.importers.wfdb.AnnotatedIntervals}), becomes the median's target and takes
 * precedence over everything else (source {@link org.heatbench.datasets.ValueSource#ANNOTATED}); other targets the
 * source carries are kept (they came from a device or a table); missing ones are measured on the median
 * ({@link Measurements}); fiducials are always the median's delineation (the source's refer to the rhythm). Each
 * value's source goes with the record ({@link SourceRecord#sources()}: annotated, delineated for ours, the
 * source's own for the rest). The record's metadata, labels and split are passed on. A rhythm without a usable
 * median (flat, clipped, no or too few beats) becomes a {@link SourceItem.Rejected} with the builder's message.
 * Keeps a quality row per record. Not thread-safe (like every source).
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
     * @param annotatedTargets    targets from an expert's annotation in the input (metadata {@code annotated_*})
     * @param annotatedBeatsSkipped annotated beats the input's annotation left out as inconsistent (metadata
     *                            {@code annotated_beats_skipped}; 0 when absent)
     * @param error               why no median was made, or null
     */
    public record Quality(String id, int beatsFound, int beatsUsed, int rejectedCorrelation, int rejectedPremature,
            List<String> measuredTargets, List<String> annotatedTargets, int annotatedBeatsSkipped, String error) {
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
            double[] t = r.targets().toArray();
            List<String> annotated = new ArrayList<>();
            try {
                for (Target target : Target.ALL) {
                    double expert = annotated(sr, target);
                    if (!Double.isNaN(expert)) {
                        t[target.ordinal()] = expert;
                        annotated.add(target.key());
                    }
                }
                m = builder.build(Recording.of(r, sr.rateHz()));
            } catch (HeatBenchException e) {
                quality.add(new Quality(r.id(), 0, 0, 0, 0, List.of(), List.of(), 0, e.getMessage()));
                sink.accept(new SourceItem.Rejected(sr.source(), r.id(), e.getMessage()));
                return;
            }
            Measurements meas = Measurements.of(m.beat(), m.delineation(), m.meanRrMs());
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
                    m.rejectedPremature(), List.copyOf(measured), List.copyOf(annotated), skippedBeats(sr), null));
            // the source's statements about its other targets stay; the median's fiducials are all ours
            ValueSources sources = sr.sources();
            for (Fiducial f : Fiducial.ALL) {
                sources = sources.with(f, ValueSource.DELINEATED);
            }
            for (String k : measured) {
                sources = sources.with(Target.parse(k), ValueSource.DELINEATED);
            }
            for (String k : annotated) {
                sources = sources.with(Target.parse(k), ValueSource.ANNOTATED);
            }
            Recording beat = m.beat();
            sink.accept(new SourceItem.Accepted(sr.withRecord(new EcgRecord(r.id(), beat.leads(), beat.samples(),
                    beat.signal(), Targets.of(t), m.delineation().toFiducials(meas.rPeak()))).withSources(sources)));
        });
    }

    private static int skippedBeats(SourceRecord sr) {
        try {
            return Integer.parseInt(sr.metadata().getOrDefault(AnnotatedIntervals.SKIPPED_KEY, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * @return the expert's value of {@code t} in the record's metadata ({@code annotated_<key>}), NaN when absent
     * @throws InvalidInputException when the value is present but not a finite number (named with the record)
     */
    static double annotated(SourceRecord sr, Target t) {
        String v = sr.metadata().get(AnnotatedIntervals.metadataKey(t));
        if (v == null) {
            return Double.NaN;
        }
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!Double.isFinite(x)) {
            throw new InvalidInputException("record " + sr.record().id() + ": metadata "
                    + AnnotatedIntervals.metadataKey(t) + " = '" + v + "' is not a number");
        }
        return x;
    }
}
