package org.heatbench.datasets.importers.wfdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;

/**
 * A rhythm record's reference PR, QRS and QT from experts' per-lead wave boundaries (LUDB: a cardiologist marked the
 * P, QRS and T onsets, peaks and offsets on each of the 12 leads).
 *
 * <p>Method (issue 14's validation combined the 12 marks the same way): the annotated beats of all leads are grouped
 * into beats of the record by the QRS position (a lead's beat joins a group whose first QRS lies within
 * {@value #SAME_BEAT_MS} ms and which has no beat of that lead yet). Per beat, each boundary — P onset, QRS onset,
 * QRS offset, T offset — is the median over the leads that mark it (the mean of the two middle marks for an even
 * count, so half samples occur). A beat whose boundaries are out of order (any of P on &lt; QRS on &lt; QRS off &lt;
 * T off violated among those known, e.g. a T offset before the QRS onset) is skipped and counted, with the reason.
 * Per beat PR = QRS on − P on, QRS = QRS off − QRS on, QT = T off − QRS on, in ms at the record's rate. The record's
 * value of each interval is the median over all consistent annotated beats that have both its boundaries — all
 * annotated beats, not only those a median beat builder averaged (a cardiologist's interval of the record, and
 * independent of HeatBench's beat selection); with fewer than {@value #MIN_BEATS} such beats the interval is NaN
 * (left to the delineation).
 *
 * @param pr           PR interval, ms, or NaN
 * @param qrs          QRS duration, ms, or NaN
 * @param qt           QT interval, ms, or NaN
 * @param beats        beats found in the annotations (grouped over the leads)
 * @param prBeats      consistent beats with P onset and QRS onset
 * @param qrsBeats     consistent beats with QRS onset and offset
 * @param qtBeats      consistent beats with QRS onset and T offset
 * @param skipped      beats skipped as inconsistent
 * @param skipReasons  one line per skipped beat
 */
public record AnnotatedIntervals(double pr, double qrs, double qt, int beats, int prBeats, int qrsBeats, int qtBeats,
        int skipped, List<String> skipReasons) {

    /** Lead beats whose QRS positions lie within this many ms of a group's first are one beat of the record. */
    public static final double SAME_BEAT_MS = 100;
    /** Fewest beats an interval of the record is taken from. */
    public static final int MIN_BEATS = 2;
    /** Metadata key: consistent annotated beats over the leads. */
    public static final String BEATS_KEY = "annotated_beats";
    /** Metadata key: annotated beats skipped as inconsistent. */
    public static final String SKIPPED_KEY = "annotated_beats_skipped";

    public AnnotatedIntervals {
        skipReasons = List.copyOf(skipReasons);
    }

    /** No annotations: every interval NaN. */
    public static final AnnotatedIntervals NONE = new AnnotatedIntervals(Double.NaN, Double.NaN, Double.NaN, 0, 0, 0,
            0, 0, List.of());

    /**
     * @param delineations per lead, its annotated beats ({@link WfdbRecord#delineations()})
     * @param rateHz       the record's sampling rate
     * @return the reference intervals; {@link #NONE}'s values when nothing is annotated
     */
    public static AnnotatedIntervals of(Map<Lead, LeadDelineation> delineations, double rateHz) {
        record LeadBeat(Lead lead, Beat beat) {
        }
        List<LeadBeat> all = new ArrayList<>();
        delineations.forEach((lead, d) -> d.beats().forEach(b -> all.add(new LeadBeat(lead, b))));
        all.removeIf(lb -> lb.beat().qrs().position() < 0);
        all.sort(Comparator.comparingInt((LeadBeat lb) -> lb.beat().qrs().position()).thenComparing(LeadBeat::lead));
        double window = SAME_BEAT_MS * rateHz / 1000;
        List<List<Beat>> groups = new ArrayList<>();
        List<Set<Lead>> leadsOf = new ArrayList<>();
        int start = Integer.MIN_VALUE;
        for (LeadBeat lb : all) {
            int pos = lb.beat().qrs().position();
            if (groups.isEmpty() || pos - start > window || leadsOf.get(groups.size() - 1).contains(lb.lead())) {
                groups.add(new ArrayList<>());
                leadsOf.add(EnumSet.noneOf(Lead.class));
                start = pos;
            }
            groups.get(groups.size() - 1).add(lb.beat());
            leadsOf.get(groups.size() - 1).add(lb.lead());
        }
        double ms = 1000 / rateHz;
        List<Double> pr = new ArrayList<>();
        List<Double> qrs = new ArrayList<>();
        List<Double> qt = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (List<Beat> g : groups) {
            double pOn = median(g.stream().mapToInt(b -> b.p() == null ? -1 : b.p().onset()).toArray());
            double qOn = median(g.stream().mapToInt(b -> b.qrs().onset()).toArray());
            double qOff = median(g.stream().mapToInt(b -> b.qrs().offset()).toArray());
            double tOff = median(g.stream().mapToInt(b -> b.t() == null ? -1 : b.t().offset()).toArray());
            String bad = disorder(new String[] {"P onset", "QRS onset", "QRS offset", "T offset"},
                    new double[] {pOn, qOn, qOff, tOff});
            if (bad != null) {
                reasons.add(String.format(Locale.ROOT, "beat at sample %d: %s", g.get(0).qrs().position(), bad));
                continue;
            }
            if (!Double.isNaN(pOn) && !Double.isNaN(qOn)) {
                pr.add((qOn - pOn) * ms);
            }
            if (!Double.isNaN(qOn) && !Double.isNaN(qOff)) {
                qrs.add((qOff - qOn) * ms);
            }
            if (!Double.isNaN(qOn) && !Double.isNaN(tOff)) {
                qt.add((tOff - qOn) * ms);
            }
        }
        return new AnnotatedIntervals(recordValue(pr), recordValue(qrs), recordValue(qt),
                groups.size() - reasons.size(), pr.size(), qrs.size(), qt.size(), reasons.size(), reasons);
    }

    /** @return the value of {@code t} (NaN for targets annotations do not give) */
    public double value(Target t) {
        return switch (t) {
            case PR -> pr;
            case QRS -> qrs;
            case QT -> qt;
            default -> Double.NaN;
        };
    }

    /**
     * @return the record metadata that carries these values to a median import: {@code annotated_<target>} per known
     *     interval (ms, {@link Double#toString}), {@value #BEATS_KEY} and {@value #SKIPPED_KEY}; empty when no beat is
     *     annotated
     */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (beats + skipped == 0) {
            return m;
        }
        for (Target t : List.of(Target.PR, Target.QRS, Target.QT)) {
            if (!Double.isNaN(value(t))) {
                m.put(metadataKey(t), Double.toString(value(t)));
            }
        }
        m.put(BEATS_KEY, Integer.toString(beats));
        m.put(SKIPPED_KEY, Integer.toString(skipped));
        return m;
    }

    /** @return the metadata key of an expert's value of {@code t} for the whole record: {@code annotated_<key>} */
    public static String metadataKey(Target t) {
        return "annotated_" + t.key();
    }

    /** @return the first out-of-order pair among the known (non-NaN) values, described, or null when in order */
    private static String disorder(String[] names, double[] v) {
        for (int i = 0; i < v.length; i++) {
            for (int j = i + 1; j < v.length; j++) {
                if (!Double.isNaN(v[i]) && !Double.isNaN(v[j]) && !(v[i] < v[j])) {
                    return String.format(Locale.ROOT, "%s (%s) not after the %s (%s)", names[j], num(v[j]),
                            names[i], num(v[i]));
                }
            }
        }
        return null;
    }

    private static String num(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    /** @return the median of the non-negative values (marks; -1 = not marked), NaN when there is none */
    private static double median(int[] marks) {
        int[] v = Arrays.stream(marks).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return (v.length & 1) == 1 ? v[v.length / 2] : 0.5 * ((double) v[v.length / 2 - 1] + v[v.length / 2]);
    }

    private static double recordValue(List<Double> perBeat) {
        if (perBeat.size() < MIN_BEATS) {
            return Double.NaN;
        }
        double[] v = perBeat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return (v.length & 1) == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
