package org.heatbench.datasets.truth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;

/**
 * Binary classification labels defined on a record's measured ground truth (the synthetic generator's targets, or
 * any store's measurements), each with the regression target whose {@link RelevanceMask} is its evidence — so
 * localization of a classifier's explanation is measured against ground truth as for the regressors.
 *
 * <p>Thresholds are the usual clinical ones: first-degree AV block PR &gt; 200 ms; wide QRS &gt; 120 ms; long QT,
 * QTc (Bazett, QT / √RR with RR = 60 / HR s) &gt; 460 ms; ST elevation ST-J in V5 &gt; 100 µV; T inversion T
 * amplitude in V5 &lt; 0; bradycardia HR &lt; 60 bpm and tachycardia HR &gt; 100 bpm. A label whose measurement is
 * missing is NaN (unknown).
 *
 * <p>Each label's evidence mask ({@link #mask}; docs/PERTURBATION.md, "Evidence masks") is where the deciding
 * measurement lives in the beat, from the record's fiducials; fiducial ends are widened by ± w (default 10 ms, as
 * {@link RelevanceMask}) and everything is clipped to the window:
 * <ul>
 * <li>AVB1: the whole PR interval, P onset → QRS onset, all leads;</li>
 * <li>WIDE_QRS: the QRS complex, QRS onset → QRS offset, all leads;</li>
 * <li>LONG_QT: the T end (T offset ± w), all leads — QT starts at the QRS onset in every beat, a long QT shows where
 *     the T wave ends;</li>
 * <li>STE_V5: the ST segment in V5, J point (QRS offset) − w → min(J + 80 ms, T offset) (the ST window of the
 *     component shares);</li>
 * <li>TINV_V5: the T wave in V5, min(J + 80 ms, T offset) → T offset + w;</li>
 * <li>TACHY: the next beat's P onset, P offset and QRS onset at + RR (the HR mask): a short RR shows as an early next
 *     beat — empty when RR is so long that the next beat falls outside the window;</li>
 * <li>BRADY: the window's tail after the T wave, T offset + w → the end, all leads: with RR &gt; 1 s the next beat
 *     falls beyond a 1.2-s window (P onset ≈ 138 samples + 500), so bradycardia cannot show as a beat; its evidence
 *     is the absence, in that tail, of the next beat that a faster rhythm puts there.</li>
 * </ul>
 * On stores without the next beat (generator model v2, real medians) neither rate label has visible RR; their
 * localization is then not meaningful (docs/SYNTHESIS.md). Immutable.
 */
public enum SyntheticLabel {
    AVB1("AVB1", Target.PR, "PR > 200 ms", "pr_interval"),
    WIDE_QRS("WIDE_QRS", Target.QRS, "QRS > 120 ms", "qrs_complex"),
    LONG_QT("LONG_QT", Target.QT, "QTc (Bazett) > 460 ms", "t_end"),
    ST_ELEVATION("STE_V5", Target.STJ_V5, "ST-J in V5 > 100 uV", "st_segment"),
    T_INVERSION("TINV_V5", Target.T_AMP_V5, "T amplitude in V5 < 0", "t_wave"),
    BRADYCARDIA("BRADY", Target.HR, "HR < 60 bpm", "tail_after_t"),
    TACHYCARDIA("TACHY", Target.HR, "HR > 100 bpm", "next_beat");

    /** The ST window after the J point, ms (as the component shares' {@code st} segment). */
    public static final double ST_WINDOW_MS = 80;

    private final String label;
    /** The mask regions' label. */
    private final String key;
    private final Target evidence;
    private final String rule;

    SyntheticLabel(String label, Target evidence, String rule, String key) {
        this.label = label;
        this.key = key;
        this.evidence = evidence;
        this.rule = rule;
    }

    /** @return the store label name */
    public String label() {
        return label;
    }

    /**
     * @return the regression target the label is defined on (its measurement); the label's own evidence mask is
     *     {@link #mask}
     */
    public Target evidence() {
        return evidence;
    }

    /** @return the name of the evidence mask's regions ({@code pr_interval}, {@code qrs_complex}, ...) */
    public String maskName() {
        return key;
    }

    /** @return the rule, for people */
    public String rule() {
        return rule;
    }

    /** @return 1 when the rule holds, 0 when not, NaN when a measurement it needs is missing */
    public double of(Targets t) {
        double v = t.get(evidence);
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        boolean yes = switch (this) {
            case AVB1 -> v > 200;
            case WIDE_QRS -> v > 120;
            case LONG_QT -> {
                double hr = t.get(Target.HR);
                if (!(hr > 0)) {
                    yield false;
                }
                yield v / Math.sqrt(60.0 / hr) > 460;
            }
            case ST_ELEVATION -> v > 100;
            case T_INVERSION -> v < 0;
            case BRADYCARDIA -> v < 60;
            case TACHYCARDIA -> v > 100;
        };
        if (this == LONG_QT && !(t.get(Target.HR) > 0)) {
            return Double.NaN;
        }
        return yes ? 1 : 0;
    }

    /**
     * The label's evidence mask (class comment), with fiducial ends widened by {@code halfWidthMs}.
     *
     * @param fiducials the record's fiducials (sample indices)
     * @param targets the record's measurements (only HR is used, for TACHY)
     * @param leads the lead layout of the signals the mask is compared with
     * @return the mask; undefined when a fiducial it needs is unknown, or V5 is absent for the V5 labels
     */
    public RelevanceMask mask(Fiducials fiducials, Targets targets, List<Lead> leads, int samples,
            double samplingRateHz, double halfWidthMs) {
        if (this == TACHYCARDIA) {
            return RelevanceMask.of(Target.HR, fiducials, targets, leads, samples, samplingRateHz, halfWidthMs);
        }
        int w = (int) Math.round(halfWidthMs * samplingRateHz / 1000);
        int st = (int) Math.round(ST_WINDOW_MS * samplingRateHz / 1000);
        boolean v5 = this == ST_ELEVATION || this == T_INVERSION;
        List<Lead> on = v5 ? (leads.contains(Lead.V5) ? List.of(Lead.V5) : List.of()) : leads;
        Fiducial[] need = switch (this) {
            case AVB1 -> new Fiducial[] {Fiducial.P_ON, Fiducial.QRS_ON};
            case WIDE_QRS -> new Fiducial[] {Fiducial.QRS_ON, Fiducial.QRS_OFF};
            case ST_ELEVATION, T_INVERSION -> new Fiducial[] {Fiducial.QRS_OFF, Fiducial.T_OFF};
            default -> new Fiducial[] {Fiducial.T_OFF};
        };
        boolean known = !on.isEmpty() && Arrays.stream(need).allMatch(fiducials::isKnown);
        if (!known) {
            return new RelevanceMask(evidence, leads, samples, false, List.of());
        }
        int end = fiducials.tOff();
        int[] span = switch (this) {
            case AVB1 -> new int[] {fiducials.pOn() - w, fiducials.qrsOn() + w + 1};
            case WIDE_QRS -> new int[] {fiducials.qrsOn() - w, fiducials.qrsOff() + w + 1};
            case LONG_QT -> new int[] {end - w, end + w + 1};
            case ST_ELEVATION -> new int[] {fiducials.qrsOff() - w, Math.min(fiducials.qrsOff() + st, end)};
            case T_INVERSION -> new int[] {Math.min(fiducials.qrsOff() + st, end), end + w + 1};
            case BRADYCARDIA -> new int[] {end + w + 1, samples};
            default -> throw new IllegalStateException(name());
        };
        int start = Math.max(0, Math.min(samples, span[0]));
        int stop = Math.max(start, Math.min(samples, span[1]));
        List<RelevanceMask.Region> regions = new ArrayList<>();
        for (Lead lead : on) {
            regions.add(new RelevanceMask.Region(lead, start, stop, key));
        }
        return new RelevanceMask(evidence, leads, samples, true, regions);
    }

    /** The mask with the default half width ({@link RelevanceMask#DEFAULT_HALF_WIDTH_MS}). */
    public RelevanceMask mask(Fiducials fiducials, Targets targets, List<Lead> leads, int samples,
            double samplingRateHz) {
        return mask(fiducials, targets, leads, samples, samplingRateHz, RelevanceMask.DEFAULT_HALF_WIDTH_MS);
    }

    /** @return every label of a record, in declaration order; NaN where unknown */
    public static Map<String, Double> all(Targets t) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (SyntheticLabel l : values()) {
            m.put(l.label, l.of(t));
        }
        return m;
    }

    /** @return the synthetic label of a store label name */
    public static Optional<SyntheticLabel> byLabel(String name) {
        return Arrays.stream(values()).filter(l -> l.label.equals(name)).findFirst();
    }
}
