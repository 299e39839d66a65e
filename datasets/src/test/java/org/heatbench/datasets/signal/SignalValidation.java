package org.heatbench.datasets.signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.muse.MuseDocument;
import org.heatbench.datasets.importers.muse.MuseParser;
import org.heatbench.datasets.importers.wfdb.Annotation;
import org.heatbench.datasets.importers.wfdb.WfdbAnnotations;
import org.heatbench.datasets.importers.wfdb.WfdbRecord;

/**
 * The validation figures of docs/SIGNALS.md, computed on the real files in ../shared/data/real. Each method returns
 * its rows; {@link SignalValidationTest} prints them as the document's tables and checks the targets.
 */
final class SignalValidation {
    private SignalValidation() {
    }

    /** Per-lead comparison of our median (from the rhythm) with MUSE's. */
    record LeadRow(String record, String lead, double r, double rmsUv, double maxAbsUv, double rAligned,
            double rmsAlignedUv) {
    }

    /** Median-vs-MUSE result of one record. */
    record MedianRow(String record, List<LeadRow> leads, int lagSamples, int beatsFound, int beatsUsed,
            int rejected) {
    }

    /** One fiducial's error in ms (ours − reference). */
    record Error(String source, String record, String fiducial, double errorMs) {
    }

    /** A MUSE export read by the product parser: its median, its rhythm and 12SL's numeric measurements. */
    record Muse(Recording median, Recording rhythm, Map<String, Integer> measurements) {
    }

    static Muse muse(Path real, int k) throws IOException {
        MuseDocument doc;
        try (InputStream in = Files.newInputStream(real.resolve("muse_xml").resolve("example" + k + ".xml"))) {
            doc = MuseParser.parse(in);
        }
        Map<String, Integer> m = new HashMap<>();
        doc.measurements().forEach((key, v) -> {
            try {
                m.put(key, Integer.parseInt(v.trim()));
            } catch (NumberFormatException ignored) {
                // non-numeric measurement fields are not needed here
            }
        });
        return new Muse(recording("example" + k + "-median", doc.waveforms().get("Median")),
                recording("example" + k + "-rhythm", doc.waveforms().get("Rhythm")), m);
    }

    private static Recording recording(String id, MuseDocument.Waveform w) {
        return new Recording(id, w.leads(), w.samples(), w.rateHz(), w.signal());
    }

    static Recording recording(WfdbRecord r) {
        return new Recording(r.header().recordName(), r.leads(), r.samples(), r.rateHz(), r.signal());
    }

    static MedianRow museMedian(Path real, int k) throws IOException {
        Muse m = muse(real, k);
        MedianBeat ours = MedianBeatBuilder.muse().build(m.rhythm());
        Recording theirs = m.median();
        int n = theirs.samples();
        int lag = bestLag(ours.beat(), theirs, 20);
        List<LeadRow> rows = new ArrayList<>();
        for (int l = 0; l < theirs.leadCount(); l++) {
            Lead lead = theirs.leads().get(l);
            int ol = ours.beat().leads().indexOf(lead);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = ours.beat().signal()[ol * ours.beat().samples() + i];
                b[i] = theirs.signal()[l * n + i];
            }
            // aligned: ours shifted by the best lag, over the samples both cover, re-referenced to MUSE's QRS onset
            int lo = Math.max(0, -lag);
            int hi = Math.min(n, n - lag);
            double[] a2 = new double[hi - lo];
            double[] b2 = new double[hi - lo];
            int q = m.measurements().get("QOnset");
            double base = ours.beat().signal()[ol * ours.beat().samples() + q + lag];
            for (int i = lo; i < hi; i++) {
                a2[i - lo] = ours.beat().signal()[ol * ours.beat().samples() + i + lag] - base;
                b2[i - lo] = theirs.signal()[l * n + i];
            }
            rows.add(new LeadRow("example" + k, lead.label(), pearson(a, b), rms(a, b), maxAbs(a, b), pearson(a2, b2),
                    rms(a2, b2)));
        }
        return new MedianRow("example" + k, rows, lag, ours.beatsFound(), ours.beatsUsed(),
                ours.rejectedCorrelation() + ours.rejectedPremature());
    }

    /** The shift of {@code b} against {@code a} (±max samples) with the largest summed correlation. */
    static int bestLag(Recording a, Recording b, int max) {
        int n = b.samples();
        int best = 0;
        double bestV = Double.NEGATIVE_INFINITY;
        for (int lag = -max; lag <= max; lag++) {
            double s = 0;
            for (int l = 0; l < b.leadCount(); l++) {
                int al = a.leads().indexOf(b.leads().get(l));
                for (int i = Math.max(0, -lag); i < Math.min(n, n - lag); i++) {
                    s += a.signal()[al * a.samples() + i + lag] * (double) b.signal()[l * n + i];
                }
            }
            if (s > bestV) {
                bestV = s;
                best = lag;
            }
        }
        return best;
    }

    /** Delineation of MUSE's own medians and of our medians vs 12SL's fiducials. */
    static List<Error> museDelineation(Path real, int k, boolean ourMedian, Delineator delineator)
            throws IOException {
        Muse m = muse(real, k);
        Delineation d;
        if (ourMedian) {
            d = builder(delineator).build(m.rhythm()).delineation();
        } else {
            double rr = QrsDetector.standard().detect(m.rhythm()).meanRrMs();
            d = delineator.delineate(m.median(), rr);
        }
        double ms = 1000 / m.median().rateHz();
        String src = ourMedian ? "12SL fiducials, our median" : "12SL fiducials, MUSE median";
        List<Error> e = new ArrayList<>();
        e.add(new Error(src, "example" + k, "P on", (d.pOn() - m.measurements().get("POnset")) * ms));
        e.add(new Error(src, "example" + k, "P off", (d.pOff() - m.measurements().get("POffset")) * ms));
        if (!ourMedian) { // our median is placed by its QRS onset: that error is the placement, reported apart
            e.add(new Error(src, "example" + k, "QRS on", (d.qrsOn() - m.measurements().get("QOnset")) * ms));
        }
        e.add(new Error(src, "example" + k, "QRS off", (d.qrsOff() - m.measurements().get("QOffset")) * ms));
        e.add(new Error(src, "example" + k, "T off", (d.tOff() - m.measurements().get("TOffset")) * ms));
        return e;
    }

    static MedianBeatBuilder builder(Delineator delineator) {
        return new MedianBeatBuilder(MedianConfig.muse(), QrsDetector.standard(), delineator);
    }

    static Recording csv(Path file, String id, double rate) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Lead> leads = Lead.parseAll(List.of(lines.get(0).split(",")));
        int n = lines.size() - 1;
        float[] s = new float[leads.size() * n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int k = 0; k < leads.size(); k++) {
                s[k * n + i] = Float.parseFloat(f[k]);
            }
        }
        return new Recording(id, leads, n, rate, s);
    }

    /** Delineation of the aECG device median (and of our median from its rhythm) vs the device fiducials. */
    static List<Error> aecg(Path real, boolean ourMedian, Delineator delineator) throws IOException {
        Path dir = real.resolve("hl7_aecg_example");
        Recording rhythm = csv(dir.resolve("rhythm_500Hz_uV.csv"), "aecg-rhythm", 500);
        double rr = QrsDetector.standard().detect(rhythm).meanRrMs();
        Delineation d;
        String src;
        if (ourMedian) {
            d = builder(delineator).build(rhythm).delineation();
            src = "aECG device, our median";
            // our median is placed with QRS onset at 432 ms; the device's at 434 ms: compare intervals from QRS on
        } else {
            d = delineator.delineate(csv(dir.resolve("median_500Hz_uV.csv"), "aecg-median", 500), rr);
            src = "aECG device, device median";
        }
        double ms = 2;
        double shift = ourMedian ? (434 - d.qrsOn() * ms) : 0;
        List<Error> e = new ArrayList<>();
        e.add(new Error(src, "aECG", "P on", d.pOn() * ms + shift - 286));
        e.add(new Error(src, "aECG", "P off", d.pOff() * ms + shift - 388));
        if (!ourMedian) {
            e.add(new Error(src, "aECG", "QRS on", d.qrsOn() * ms + shift - 434));
        }
        e.add(new Error(src, "aECG", "QRS off", d.qrsOff() * ms + shift - 554));
        e.add(new Error(src, "aECG", "T off", d.tOff() * ms + shift - 854));
        return e;
    }

    /**
     * The LUDB records to validate on: every {@code NAME.hea} with its 12 per-lead annotation files in
     * {@code $HEATBENCH_LUDB} (a folder of more LUDB records, e.g. /work/realdata-extra/ludb; never committed) or, without
     * it, in ../shared/data/real/wfdb/ludb (record 1).
     */
    static List<Path> ludbRecords(Path real) throws IOException {
        String env = System.getenv("HEATBENCH_LUDB");
        Path dir = env != null && !env.isBlank() ? Path.of(env) : real.resolve("wfdb").resolve("ludb");
        List<Path> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".hea")).sorted().forEach(h -> {
                String name = h.getFileName().toString().replace(".hea", "");
                boolean all = java.util.Arrays.stream(LUDB_LEADS)
                        .allMatch(x -> Files.isRegularFile(h.resolveSibling(name + "." + x)));
                if (all) {
                    out.add(h);
                }
            });
        }
        return out;
    }

    static final String[] LUDB_LEADS = {"i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"};

    /** One annotated wave of one lead: onset, peak, offset (samples), the peak's code (24 p, 1 N, 27 t), lead index. */
    record Wave(int on, int peak, int off, int code, int lead) {
    }

    /** The 12 per-lead cardiologist annotations of a LUDB record. */
    static List<Wave> ludbWaves(Path header) throws IOException {
        String name = header.getFileName().toString().replace(".hea", "");
        List<Wave> waves = new ArrayList<>();
        for (int lead = 0; lead < LUDB_LEADS.length; lead++) {
            List<Annotation> a = WfdbAnnotations.read(header.resolveSibling(name + "." + LUDB_LEADS[lead]));
            for (int i = 0; i + 2 < a.size(); i++) {
                if (a.get(i).code() == 39 && a.get(i + 2).code() == 40) {
                    waves.add(new Wave((int) a.get(i).sample(), (int) a.get(i + 1).sample(),
                            (int) a.get(i + 2).sample(), a.get(i + 1).code(), lead));
                }
            }
        }
        return waves;
    }

    /** The cardiologists' marks of one beat (all leads) and our delineation of it. */
    record LudbBeat(String id, int from, int to, Delineation ours, List<Wave> qrs, List<Wave> p, List<Wave> t) {
    }

    /** Single-beat delineation of every annotated beat of a LUDB record (window: half the previous RR to 80% of the next). */
    static List<LudbBeat> ludbBeats(Path header, Delineator delineator) throws IOException {
        Recording rec = recording(WfdbRecord.read(header));
        List<Wave> waves = ludbWaves(header);
        QrsDetection det = QrsDetector.standard().detect(rec);
        int[] r = det.positions();
        double ms = 1000 / rec.rateHz();
        List<LudbBeat> out = new ArrayList<>();
        for (int b = 0; b < r.length; b++) {
            List<Wave> qrs = new ArrayList<>();
            for (Wave w : waves) {
                if (w.code() == 1 && Math.abs(w.peak() - r[b]) < 100 / ms) {
                    qrs.add(w);
                }
            }
            if (qrs.isEmpty()) {
                continue; // the cardiologists annotated only beats fully inside the strip
            }
            int qOnMin = qrs.stream().mapToInt(Wave::on).min().getAsInt();
            int qOffMax = qrs.stream().mapToInt(Wave::off).max().getAsInt();
            List<Wave> ps = new ArrayList<>();
            List<Wave> ts = new ArrayList<>();
            for (Wave w : waves) {
                if (w.code() == 24 && w.peak() < qOnMin && w.peak() > qOnMin - 300 / ms) {
                    ps.add(w);
                }
                if (w.code() == 27 && w.peak() > qOffMax && w.peak() < qOffMax + 500 / ms) {
                    ts.add(w);
                }
            }
            int from = b > 0 ? (r[b - 1] + r[b]) / 2 : Math.max(0, r[b] - (int) (400 / ms));
            int to = b + 1 < r.length ? r[b + 1] - (int) (0.2 * (r[b + 1] - r[b])) : rec.samples();
            double rr = b + 1 < r.length ? (r[b + 1] - r[b]) * ms : det.meanRrMs();
            Delineation d = delineator.delineate(rec, from, to, r[b], rr);
            out.add(new LudbBeat(rec.id() + "@" + r[b], from, to, d, qrs, ps, ts));
        }
        return out;
    }

    /**
     * Single-beat delineation of the LUDB records vs the cardiologists' boundaries, against two references built from
     * the 12 per-lead annotations of the same wave: the earliest onset / latest offset over the leads (the global
     * definition 12SL uses) and the median over the leads (robust to one lead's annotation).
     */
    static List<Error> ludb(Path real, Delineator delineator) throws IOException {
        List<Path> records = ludbRecords(real);
        List<Error> out = new ArrayList<>();
        long sinusRecords = 0;
        List<Error> sinus = new ArrayList<>();
        for (Path h : records) {
            WfdbRecord wfdb = WfdbRecord.read(h);
            Recording rec = recording(wfdb);
            double ms = 1000 / rec.rateHz();
            // LUDB's header names the rhythm ("Rhythm: Sinus rhythm.", "Rhythm: Atrial fibrillation.", ...)
            boolean isSinus = wfdb.header().comments().stream()
                    .anyMatch(c -> c.startsWith("Rhythm:") && c.toLowerCase(Locale.ROOT).contains("sinus"));
            sinusRecords += isSinus ? 1 : 0;
            List<LudbBeat> beats;
            try {
                beats = ludbBeats(h, delineator);
            } catch (org.heatbench.core.HeatBenchException e) {
                // a record without usable beats is counted, never dropped silently
                out.add(new Error("LUDB records skipped", h.getFileName().toString(), e.getMessage(), Double.NaN));
                continue;
            }
            for (LudbBeat beat : beats) {
                Delineation d = beat.ours();
                for (boolean global : new boolean[] {true, false}) {
                    String src = "LUDB (" + records.size() + (records.size() == 1 ? " record), " : " records), ")
                            + (global ? "earliest/latest of 12 leads" : "median of 12 leads");
                    List<Error> e = new ArrayList<>();
                    String id = beat.id();
                    e.add(new Error(src, id, "QRS on", (d.qrsOn() - ref(beat.qrs(), 0, global, true)) * ms));
                    e.add(new Error(src, id, "QRS off", (d.qrsOff() - ref(beat.qrs(), 2, global, false)) * ms));
                    if (!beat.p().isEmpty() && d.pOn() >= 0) {
                        e.add(new Error(src, id, "P on", (d.pOn() - ref(beat.p(), 0, global, true)) * ms));
                    }
                    if (!beat.p().isEmpty() && d.pOff() >= 0) {
                        e.add(new Error(src, id, "P off", (d.pOff() - ref(beat.p(), 2, global, false)) * ms));
                    }
                    if (!beat.t().isEmpty() && d.tOff() >= 0) {
                        e.add(new Error(src, id, "T off", (d.tOff() - ref(beat.t(), 2, global, false)) * ms));
                    }
                    out.addAll(e);
                    if (isSinus && records.size() > 1) {
                        e.forEach(x -> sinus.add(new Error(x.source() + ", sinus-rhythm records", x.record(),
                                x.fiducial(), x.errorMs())));
                    }
                }
            }
        }
        final long n = sinusRecords;
        // a separate group for the sinus-rhythm records (their count in the label), for an extra LUDB folder only
        sinus.forEach(x -> out.add(new Error(x.source().replace(", sinus-rhythm records",
                ", " + n + " sinus-rhythm records"), x.record(), x.fiducial(), x.errorMs())));
        return out;
    }

    static double ref(List<Wave> waves, int field, boolean global, boolean onset) {
        int[] v = waves.stream().mapToInt(w -> field == 0 ? w.on() : w.off()).sorted().toArray();
        if (global) {
            return onset ? v[0] : v[v.length - 1];
        }
        return (v.length & 1) == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** Detection on MIT-BIH 100 vs 100.atr: {TP, FN, FP, reference beats}. */
    static int[] mitbih100(Path real) throws IOException {
        Path dir = real.resolve("wfdb").resolve("mitdb");
        Recording rec = recording(WfdbRecord.read(dir.resolve("100.hea")));
        List<Long> ref = new ArrayList<>();
        for (Annotation a : WfdbAnnotations.read(dir.resolve("100.atr"))) {
            if (a.isBeat()) {
                ref.add(a.sample());
            }
        }
        int[] det = QrsDetector.standard().detect(rec).positions();
        long window = Math.round(0.050 * rec.rateHz());
        int tp = 0;
        int j = 0;
        boolean[] matched = new boolean[det.length];
        for (long a : ref) {
            while (j < det.length && det[j] < a - window) {
                j++;
            }
            int best = -1;
            for (int q = j; q < det.length && det[q] <= a + window; q++) {
                if (!matched[q] && (best < 0 || Math.abs(det[q] - a) < Math.abs(det[best] - a))) {
                    best = q;
                }
            }
            if (best >= 0) {
                matched[best] = true;
                tp++;
            }
        }
        return new int[] {tp, ref.size() - tp, det.length - tp, ref.size()};
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    static double rms(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s / a.length);
    }

    static double maxAbs(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
