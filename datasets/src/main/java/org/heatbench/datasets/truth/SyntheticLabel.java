package org.heatbench.datasets.truth;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;

/**
 * Binary classification labels defined on a record's measured ground truth (the synthetic generator's targets, or
 * any store's measurements), each with the regression target whose {@link RelevanceMask} is its evidence — so
 * localization of a classifier's explanation is measured against ground truth as for the regressors.
 *
 * <p>Thresholds are the usual clinical ones: first-degree AV block PR &gt; 200 ms (evidence: the PR mask, P onset and
 * QRS onset); wide QRS &gt; 120 ms (the QRS onset and offset); long QT, QTc (Bazett, QT / √RR with RR = 60 / HR s)
 * &gt; 460 ms (the QT mask: QRS onset and T end); ST elevation ST-J in V5 &gt; 100 µV (the J point in V5); T
 * inversion T amplitude in V5 &lt; 0 (the T wave in V5); bradycardia HR &lt; 60 bpm and tachycardia HR &gt; 100 bpm
 * (the next beat's P and QRS onsets). A label whose measurement is missing is NaN (unknown). Immutable.
 */
public enum SyntheticLabel {
    AVB1("AVB1", Target.PR, "PR > 200 ms"),
    WIDE_QRS("WIDE_QRS", Target.QRS, "QRS > 120 ms"),
    LONG_QT("LONG_QT", Target.QT, "QTc (Bazett) > 460 ms"),
    ST_ELEVATION("STE_V5", Target.STJ_V5, "ST-J in V5 > 100 uV"),
    T_INVERSION("TINV_V5", Target.T_AMP_V5, "T amplitude in V5 < 0"),
    BRADYCARDIA("BRADY", Target.HR, "HR < 60 bpm"),
    TACHYCARDIA("TACHY", Target.HR, "HR > 100 bpm");

    private final String label;
    private final Target evidence;
    private final String rule;

    SyntheticLabel(String label, Target evidence, String rule) {
        this.label = label;
        this.evidence = evidence;
        this.rule = rule;
    }

    /** @return the store label name */
    public String label() {
        return label;
    }

    /** @return the target whose relevance mask is this label's evidence */
    public Target evidence() {
        return evidence;
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
