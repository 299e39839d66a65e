package org.heatbench.datasets.importers.wfdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.heatbench.datasets.importers.InputFiles;
import org.heatbench.datasets.importers.ParallelReads;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;

/**
 * PhysioNet WFDB records: every {@code .hea} file under the input (multi-record folders, searched recursively) is
 * one record, read by {@link WfdbRecord#read}; its id is the record name. The record keeps the signals that are
 * standard leads (others, such as PTB's Frank leads, are listed in the metadata as {@code ignored_signals}); the
 * store's lead mapping then selects, derives or rejects ("lead I is not among the available leads II, V5" for
 * MIT-BIH's MLII + V5 in a 12-lead store — import such records with {@code --leads II,V5}).
 *
 * <p>Fiducials: when the delineation lead (II, else the first annotated lead in the standard order I … V6) has
 * exactly one annotated beat — a median-length record — its P onset/offset, QRS onset/offset and T offset become
 * the fiducials, with source {@link ValueSource#ANNOTATED} (they are an annotator's marks, e.g. LUDB's cardiologists',
 * not a device's); a longer record's beats stay in {@link WfdbRecord#delineations()} (no single beat is "the" beat).
 * The R peak is HeatBench's, not the annotation's: the sample of the maximum of V5 within [QRS on, QRS off] (as
 * {@link org.heatbench.datasets.synth.BeatMeasurer} defines it, where {@code r_amp_v5} is read), measured on the
 * record at the annotated QRS boundaries, source {@link ValueSource#MEASURED}. Without V5 (or without both QRS
 * boundaries) it is unknown (-1), not the annotated QRS peak ({@code N}): that marks the delineation lead's own QRS
 * apex, another point than V5's maximum (the leads' R waves do not peak together — on LUDB record 1, V5's maximum is
 * one sample after lead II's annotated peak in each of its 6 annotated beats, and nothing bounds the gap in general),
 * so storing it under {@code r_peak} would give the name another meaning for these records only, and V5 readings at
 * it ({@code r_amp_v5}, the R-peak relevance regions) would be off; it stays available in
 * {@link WfdbRecord#delineations()}. {@code dataset delineate} never replaces the annotated fiducials (not even with
 * {@code --overwrite-device}: they are the reference its delineation is judged by) and replaces the measured R peak
 * only with {@code --overwrite-device} ({@link org.heatbench.datasets.store.StoreDelineation}).
 * Targets: none in WFDB itself (NaN).
 * Expert intervals: a record with per-lead annotation files (LUDB) gets the cardiologists' PR, QRS and QT of the
 * whole record ({@link AnnotatedIntervals}) as the metadata {@code annotated_pr}, {@code annotated_qrs},
 * {@code annotated_qt} (ms; only intervals with at least {@value AnnotatedIntervals#MIN_BEATS} consistent beats),
 * {@code annotated_beats} and {@code annotated_beats_skipped}; {@code dataset import --median} turns them into the
 * median's targets with source {@code annotated} ({@link org.heatbench.datasets.importers.MedianSource}). Skipped
 * (inconsistent) beats are named in {@code warnings}.
 * Metadata: {@code comments} (the header's comment lines joined by {@code " | "}), {@code age} and {@code sex}
 * when a comment gives them ({@code <age>: 51}, {@code age: 81}), {@code ignored_signals}, {@code warnings}.
 *
 * <p>Checksum or initial-value mismatches reject the record under {@link ChecksumPolicy#REJECT} (the default) and
 * are kept as the {@code warnings} metadata under {@link ChecksumPolicy#KEEP}. {@link #toSource} is thread-safe;
 * {@link #withThreads} reads records in parallel and hands them on in file order.
 */
public final class WfdbSource implements RecordSource {

    /** What a checksum mismatch does. */
    public enum ChecksumPolicy {
        /** Reject the record, naming the signal. */
        REJECT,
        /** Import it; the mismatch is kept in the record's {@code warnings} metadata and the import report. */
        KEEP;

        /** Parses {@code reject} or {@code keep}. */
        public static ChecksumPolicy parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "reject" -> REJECT;
                case "keep" -> KEEP;
                default -> throw new InvalidInputException("checksum policy must be reject or keep, got '" + s + "'");
            };
        }
    }

    private static final Pattern AGE = Pattern.compile("(?i)^<?age>?\\s*:\\s*(\\d+(?:\\.\\d+)?)");
    private static final Pattern SEX = Pattern.compile("(?i)^<?sex>?\\s*:\\s*(\\w+)");

    private final Path input;
    private final ChecksumPolicy checksums;
    private int threads = 1;

    public WfdbSource(Path input, ChecksumPolicy checksums) {
        this.input = input;
        this.checksums = checksums;
    }

    @Override
    public String description() {
        return "wfdb " + input;
    }

    /** @return this source reading records on {@code n} threads (same items, same order; default 1) */
    public WfdbSource withThreads(int n) {
        WfdbSource w = new WfdbSource(input, checksums);
        w.threads = Math.max(1, n);
        return w;
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        ParallelReads.forEachOrdered(InputFiles.list(input, ".hea"), threads, hea -> {
            try {
                return new SourceItem.Accepted(toSource(WfdbRecord.read(hea)));
            } catch (InvalidInputException e) {
                return new SourceItem.Rejected(hea.toString(), InputFiles.stem(hea), e.getMessage());
            }
        }, sink);
    }

    /** Turns a read record into the importer's form (fiducials, metadata), applying the checksum policy. */
    public SourceRecord toSource(WfdbRecord r) {
        if (!r.problems().isEmpty() && checksums == ChecksumPolicy.REJECT) {
            throw new InvalidInputException(String.join("; ", r.problems()) + " (use --checksum keep to import it)");
        }
        float[] signal = r.signal();
        Fiducials fiducials = Fiducials.UNKNOWN;
        ValueSources sources = ValueSources.DEFAULT;
        LeadDelineation d = delineationLead(r);
        if (d != null && d.beats().size() == 1) {
            int[] f = d.beats().get(0).fiducials();
            for (int k = 0; k < f.length; k++) {
                f[k] = f[k] >= 0 && f[k] < r.samples() ? f[k] : -1;
            }
            // the annotated QRS peak is that lead's apex, not HeatBench's R peak (the V5 maximum between QRS on/off)
            f[Fiducial.R_PEAK.ordinal()] = v5Peak(r.leads(), signal, r.samples(), f[Fiducial.QRS_ON.ordinal()],
                    f[Fiducial.QRS_OFF.ordinal()]);
            fiducials = Fiducials.of(f);
            for (Fiducial x : Fiducial.ALL) {
                sources = sources.with(x, x == Fiducial.R_PEAK ? ValueSource.MEASURED : ValueSource.ANNOTATED);
            }
        }
        EcgRecord record = new EcgRecord(r.header().recordName(), r.leads(), r.samples(), signal,
                Targets.MISSING, fiducials);
        Map<String, String> meta = new LinkedHashMap<>();
        List<String> comments = r.header().comments().stream().filter(c -> !c.isBlank()).toList();
        if (!comments.isEmpty()) {
            meta.put("comments", String.join(" | ", comments));
        }
        for (String c : comments) {
            Matcher a = AGE.matcher(c);
            if (a.find()) {
                meta.putIfAbsent("age", a.group(1));
            }
            Matcher s = SEX.matcher(c);
            if (s.find()) {
                meta.putIfAbsent("sex", s.group(1));
            }
        }
        if (!r.ignoredSignals().isEmpty()) {
            meta.put("ignored_signals", String.join(",", r.ignoredSignals()));
        }
        AnnotatedIntervals expert = AnnotatedIntervals.of(r.delineations(), r.rateHz());
        meta.putAll(expert.metadata());
        List<String> warnings = new ArrayList<>(r.problems());
        expert.skipReasons().forEach(x -> warnings.add("annotations: " + x + " (beat skipped)"));
        if (!warnings.isEmpty()) {
            meta.put("warnings", String.join("; ", warnings));
        }
        return new SourceRecord(r.headerFile().toString(), record, r.rateHz(), meta).withSources(sources);
    }

    /**
     * @return the delineation lead: II when annotated, else the first annotated lead in the standard order (I, II,
     *     III, aVR, aVL, aVF, V1–V6; not the annotation map's order, which is unspecified), or null when none is
     */
    private static LeadDelineation delineationLead(WfdbRecord r) {
        Map<Lead, LeadDelineation> all = r.delineations();
        if (all.containsKey(Lead.II)) {
            return all.get(Lead.II);
        }
        for (Lead l : Lead.values()) {
            if (all.containsKey(l)) {
                return all.get(l);
            }
        }
        return null;
    }

    /**
     * HeatBench's R peak ({@link org.heatbench.datasets.synth.BeatMeasurer}): the sample of the maximum of V5 within
     * [QRS on, QRS off] (the first such sample on a tie; a NaN sample never wins over a number — a record with NaN
     * samples is rejected by the import anyway).
     *
     * @param signal [leads, samples] µV
     * @return that sample, or -1 when V5 is not among {@code leads} or either QRS boundary is unknown or they are
     *     out of order
     */
    static int v5Peak(List<Lead> leads, float[] signal, int samples, int qrsOn, int qrsOff) {
        int v5 = leads.indexOf(Lead.V5);
        if (v5 < 0 || qrsOn < 0 || qrsOff < qrsOn) {
            return -1;
        }
        int off = v5 * samples;
        int peak = qrsOn;
        for (int i = qrsOn + 1; i <= qrsOff; i++) {
            if (signal[off + i] > signal[off + peak] || Float.isNaN(signal[off + peak])) {
                peak = i;
            }
        }
        return peak;
    }
}
