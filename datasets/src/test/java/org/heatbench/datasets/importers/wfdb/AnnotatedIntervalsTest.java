package org.heatbench.datasets.importers.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.importers.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * The experts' reference intervals of a rhythm: per beat the median over the leads of each boundary, per record the
 * median over the beats; against intervals known by construction, and LUDB record 1 against an independent
 * recomputation from its raw annotation files.
 */
class AnnotatedIntervalsTest {
    static final double RATE = 500;
    static final double MS = 1000 / RATE;
    /** Per-lead jitter of the boundaries (samples), rotated over leads, boundaries and beats. */
    static final int[] JITTER = {-2, -1, -1, 0, 0, 0, 0, 0, 0, 1, 1, 2};

    private static Annotation a(int sample, int code) {
        return new Annotation(sample, code, WfdbAnnotations.symbol(code), 0, 0, 0, "");
    }

    private static void wave(List<Annotation> out, int on, int peak, int off, int code) {
        out.add(a(on, 39));
        out.add(a(peak, code));
        out.add(a(off, 40));
    }

    /** Beat b's QRS onset (samples). */
    static int qrsOn(int b) {
        return 300 + 400 * b;
    }

    /** The designed boundaries of beat b, before jitter: P on, QRS on, QRS off, T off (samples). */
    static int[] design(int b) {
        int q = qrsOn(b);
        return new int[] {q - (75 + b), q, q + 45 + b % 2, q + 190 + 2 * b};
    }

    /**
     * Six beats on 12 leads: beat 5 has no P wave on any lead; lead V6 misses beat 0; beat 3's T offset lies before
     * its QRS onset on 7 of the 12 leads (a hostile or corrupted file: the ')' comes after the QRS in file order).
     */
    static Map<Lead, LeadDelineation> designed() {
        Map<Lead, LeadDelineation> d = new EnumMap<>(Lead.class);
        List<Lead> leads = Lead.STANDARD_12;
        for (int k = 0; k < leads.size(); k++) {
            List<Annotation> ann = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                if (leads.get(k) == Lead.V6 && b == 0) {
                    continue;
                }
                int[] x = design(b);
                int j = JITTER[(k + 3 * b) % JITTER.length];
                int[] jit = {JITTER[(k + 1) % 12], JITTER[(k + 5) % 12], JITTER[(k + 7) % 12], JITTER[(k + 11) % 12]};
                if (b != 5) {
                    wave(ann, x[0] + jit[0] + j, x[0] + 20, x[1] - 20, 24);
                }
                wave(ann, x[1] + jit[1] + j, x[1] + 20, x[2] + jit[2] + j, 1);
                int tOff = b == 3 && k < 7 ? x[1] - 10 : x[3] + jit[3] + j;
                wave(ann, x[2] + 40, x[2] + 100, tOff, 27);
            }
            d.put(leads.get(k), LeadDelineation.of(leads.get(k), ann));
        }
        return d;
    }

    @Test
    void mediansOverLeadsThenBeatsAndInconsistentBeatsSkipped() {
        AnnotatedIntervals got = AnnotatedIntervals.of(designed(), RATE);
        // expected, from the design: the medians over the leads are computed here independently (sort, middle)
        List<Double> pr = new ArrayList<>();
        List<Double> qrs = new ArrayList<>();
        List<Double> qt = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            if (b == 3) {
                continue; // skipped: T offset before the QRS onset
            }
            double[] m = new double[4];
            for (int f = 0; f < 4; f++) {
                List<Double> v = new ArrayList<>();
                for (int k = 0; k < 12; k++) {
                    if (Lead.STANDARD_12.get(k) == Lead.V6 && b == 0) {
                        continue;
                    }
                    int j = JITTER[(k + 3 * b) % JITTER.length];
                    int[] jit = {JITTER[(k + 1) % 12], JITTER[(k + 5) % 12], JITTER[(k + 7) % 12],
                        JITTER[(k + 11) % 12]};
                    v.add((double) design(b)[f] + jit[f] + j);
                }
                m[f] = middle(v);
            }
            if (b != 5) {
                pr.add((m[1] - m[0]) * MS);
            }
            qrs.add((m[2] - m[1]) * MS);
            qt.add((m[3] - m[1]) * MS);
        }
        assertEquals(middle(pr), got.pr(), 1e-9);
        assertEquals(middle(qrs), got.qrs(), 1e-9);
        assertEquals(middle(qt), got.qt(), 1e-9);
        assertEquals(5, got.beats());
        assertEquals(4, got.prBeats());
        assertEquals(5, got.qrsBeats());
        assertEquals(1, got.skipped());
        assertTrue(got.skipReasons().get(0).contains("T offset") && got.skipReasons().get(0).contains("QRS onset")
                && got.skipReasons().get(0).contains("sample " + (qrsOn(3) + 20)), got.skipReasons()::toString);
        Map<String, String> meta = got.metadata();
        assertEquals(Double.toString(got.qt()), meta.get("annotated_qt"));
        assertEquals("5", meta.get(AnnotatedIntervals.BEATS_KEY));
        assertEquals("1", meta.get(AnnotatedIntervals.SKIPPED_KEY));
    }

    @Test
    void fewerThanTwoBeatsLeaveTheIntervalUnknown() {
        Map<Lead, LeadDelineation> one = new EnumMap<>(Lead.class);
        List<Annotation> ann = new ArrayList<>();
        int[] x = design(0);
        wave(ann, x[0], x[0] + 20, x[1] - 20, 24);
        wave(ann, x[1], x[1] + 20, x[2], 1);
        wave(ann, x[2] + 40, x[2] + 100, x[3], 27);
        // a second beat with QRS only
        wave(ann, qrsOn(1), qrsOn(1) + 20, qrsOn(1) + 45, 1);
        one.put(Lead.II, LeadDelineation.of(Lead.II, ann));
        AnnotatedIntervals got = AnnotatedIntervals.of(one, RATE);
        assertTrue(Double.isNaN(got.pr()) && Double.isNaN(got.qt()), got::toString);
        assertEquals(((x[2] - x[1]) * MS + 45 * MS) / 2, got.qrs(), 1e-9);
        assertFalse(got.metadata().containsKey("annotated_qt"));
        assertFalse(got.metadata().containsKey("annotated_pr"));
        assertEquals(Map.of(), AnnotatedIntervals.of(Map.of(), RATE).metadata());
        assertTrue(Double.isNaN(AnnotatedIntervals.of(Map.of(), RATE).value(Target.QT)));
    }

    /** Median of a list (mean of the two middle values for an even count). */
    static double middle(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** A "( X )" triple of one lead file: onset, peak, offset samples and the peak's code. */
    record Triple(int on, int peak, int off, int code) {
    }

    /**
     * LUDB record 1 (../shared): the WFDB importer's annotated PR, QRS and QT equal a recomputation straight from the
     * twelve raw annotation files — triples read here, beats found by clustering all leads' QRS peaks (gap over
     * 100 ms), a beat's P = the P triples whose peak lies within 300 ms before its earliest QRS onset, its T = the
     * T triples peaking within 500 ms after its latest QRS offset; medians over leads, then over beats.
     */
    @Test
    void ludbRecord1EqualsARecomputationFromTheRawAnnotationFiles() {
        Path hea = SharedData.real("wfdb/ludb/1.hea");
        SourceRecord sr = new WfdbSource(hea, WfdbSource.ChecksumPolicy.REJECT).toSource(WfdbRecord.read(hea));
        double rate = sr.rateHz();
        List<Triple> all = new ArrayList<>();
        for (String lead : new String[] {"i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"}) {
            List<Annotation> a = WfdbAnnotations.read(hea.resolveSibling("1." + lead));
            for (int i = 0; i + 2 < a.size(); i++) {
                if (a.get(i).code() == 39 && a.get(i + 2).code() == 40) {
                    all.add(new Triple((int) a.get(i).sample(), (int) a.get(i + 1).sample(),
                            (int) a.get(i + 2).sample(), a.get(i + 1).code()));
                }
            }
        }
        List<Triple> qrsMarks = new ArrayList<>(all.stream().filter(t -> t.code() != 24 && t.code() != 27
                && t.code() != 29).toList());
        qrsMarks.sort(Comparator.comparingInt(Triple::peak));
        List<List<Triple>> beats = new ArrayList<>();
        for (Triple t : qrsMarks) {
            if (beats.isEmpty() || t.peak() - beats.get(beats.size() - 1).get(0).peak() > 0.1 * rate) {
                beats.add(new ArrayList<>());
            }
            beats.get(beats.size() - 1).add(t);
        }
        List<Double> pr = new ArrayList<>();
        List<Double> qrs = new ArrayList<>();
        List<Double> qt = new ArrayList<>();
        for (List<Triple> b : beats) {
            int first = b.stream().mapToInt(Triple::on).min().getAsInt();
            int last = b.stream().mapToInt(Triple::off).max().getAsInt();
            double on = middle(b.stream().map(t -> (double) t.on()).toList());
            double off = middle(b.stream().map(t -> (double) t.off()).toList());
            List<Double> pOn = all.stream().filter(t -> t.code() == 24 && t.peak() < first
                    && t.peak() > first - 0.3 * rate).map(t -> (double) t.on()).toList();
            List<Double> tOff = all.stream().filter(t -> t.code() == 27 && t.peak() > last
                    && t.peak() < last + 0.5 * rate).map(t -> (double) t.off()).toList();
            qrs.add((off - on) * 1000 / rate);
            if (!pOn.isEmpty()) {
                pr.add((on - middle(pOn)) * 1000 / rate);
            }
            if (!tOff.isEmpty()) {
                qt.add((middle(tOff) - on) * 1000 / rate);
            }
        }
        System.out.printf(Locale.ROOT, "LUDB 1: %d beats; PR %s, QRS %s, QT %s ms (per beat)%n", beats.size(), pr, qrs,
                qt);
        assertTrue(pr.size() >= 2 && qt.size() >= 2, "record 1 has annotated P and T waves");
        assertEquals(middle(pr), Double.parseDouble(sr.metadata().get("annotated_pr")), 1e-9);
        assertEquals(middle(qrs), Double.parseDouble(sr.metadata().get("annotated_qrs")), 1e-9);
        assertEquals(middle(qt), Double.parseDouble(sr.metadata().get("annotated_qt")), 1e-9);
        assertEquals(Integer.toString(beats.size()), sr.metadata().get(AnnotatedIntervals.BEATS_KEY));
        assertEquals("0", sr.metadata().get(AnnotatedIntervals.SKIPPED_KEY));
        assertTrue(Arrays.stream(new String[] {"annotated_pr", "annotated_qrs", "annotated_qt"})
                .allMatch(sr.metadata()::containsKey));
    }
}
