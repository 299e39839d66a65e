package org.heatbench.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's errors on real medians grouped by the record's QRS width: below 100 ms (normal conduction), 100 to below
 * 120 ms (incomplete block, borderline), 120 ms and wider (complete bundle-branch block, pacing, ventricular
 * conduction delay; AHA/ACCF/HRS, Surawicz et al., Circulation 119:e235, 2009). Models trained on synthetic beats
 * can do well on the first group and fail on the last (docs: models/README.md), which an overall MAE hides.
 *
 * <p>Each group keeps its errors, so its {@link ErrorSummary} (with quantiles) is exact; {@link #combine} appends
 * another instance's groups, which gives the same summaries as one pass over both inputs in order. Records without a
 * known QRS width (NaN) are counted under {@code unknown_qrs}, never dropped silently. Not thread-safe.
 */
final class QrsStrata {
    /** The groups' keys on the card, in order, and their lower bounds in ms. */
    static final String[] KEYS = {"qrs_below_100_ms", "qrs_100_to_120_ms", "qrs_120_ms_and_wider"};
    private static final double[] LOWER = {Double.NEGATIVE_INFINITY, 100, 120};

    /** @return whether a QRS of {@code qrsMs} falls in the widest group (NaN: false) */
    static boolean isWide(double qrsMs) {
        return qrsMs >= LOWER[LOWER.length - 1];
    }

    private final List<List<Double>> errors = new ArrayList<>();
    private final List<List<Boolean>> verdicts = new ArrayList<>();
    private int unknown;

    QrsStrata() {
        for (int k = 0; k < KEYS.length; k++) {
            errors.add(new ArrayList<>());
            verdicts.add(new ArrayList<>());
        }
    }

    /**
     * @param qrsMs   the record's QRS width, ms (NaN: unknown)
     * @param error   its signed error (finite)
     * @param verdict its criterion result ({@code null}: no criterion)
     */
    void accept(double qrsMs, double error, Boolean verdict) {
        if (Double.isNaN(qrsMs)) {
            unknown++;
            return;
        }
        int k = LOWER.length - 1;
        while (qrsMs < LOWER[k]) {
            k--;
        }
        errors.get(k).add(error);
        verdicts.get(k).add(verdict);
    }

    /** @return this, with {@code other}'s records appended after its own */
    QrsStrata combine(QrsStrata other) {
        for (int k = 0; k < KEYS.length; k++) {
            errors.get(k).addAll(other.errors.get(k));
            verdicts.get(k).addAll(other.verdicts.get(k));
        }
        unknown += other.unknown;
        return this;
    }

    /** @return the summary of group {@code k} (0: below 100 ms, 1: 100–120, 2: 120 and wider) */
    ErrorSummary group(int k) {
        return ErrorSummary.of(errors.get(k).stream().mapToDouble(Double::doubleValue).toArray(), verdicts.get(k));
    }

    /** @return the card's form: one {@link ErrorSummary#toMap()} per group, and {@code unknown_qrs} */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < KEYS.length; k++) {
            m.put(KEYS[k], group(k).toMap());
        }
        m.put("unknown_qrs", unknown);
        return m;
    }
}
