package org.heatbench.datasets;

import java.util.Map;
import org.heatbench.core.InvalidInputException;

/**
 * The seven target values of one record (see {@link Target} for units). A missing value is {@code NaN}; infinite
 * values are rejected. Immutable.
 */
public record Targets(double hr, double pr, double qrs, double qt, double tAmpV5, double rAmpV5, double stjV5) {

    /** Every target missing. */
    public static final Targets MISSING = new Targets(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN);

    public Targets {
        double[] all = {hr, pr, qrs, qt, tAmpV5, rAmpV5, stjV5};
        for (int k = 0; k < all.length; k++) {
            if (Double.isInfinite(all[k])) {
                throw new InvalidInputException("target " + Target.ALL.get(k).key() + " is infinite; use NaN for a "
                        + "missing value");
            }
        }
    }

    /**
     * @param values seven values in {@link Target#ALL} order, NaN for missing
     */
    public static Targets of(double[] values) {
        if (values.length != Target.ALL.size()) {
            throw new InvalidInputException("expected " + Target.ALL.size() + " target values, got " + values.length);
        }
        return new Targets(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }

    /** @param values some targets; the others are missing */
    public static Targets of(Map<Target, Double> values) {
        double[] v = MISSING.toArray();
        values.forEach((t, x) -> v[t.ordinal()] = x == null ? Double.NaN : x);
        return of(v);
    }

    public double get(Target target) {
        return switch (target) {
            case HR -> hr;
            case PR -> pr;
            case QRS -> qrs;
            case QT -> qt;
            case T_AMP_V5 -> tAmpV5;
            case R_AMP_V5 -> rAmpV5;
            case STJ_V5 -> stjV5;
        };
    }

    public boolean isMissing(Target target) {
        return Double.isNaN(get(target));
    }

    /** @return a copy with one value replaced */
    public Targets with(Target target, double value) {
        double[] v = toArray();
        v[target.ordinal()] = value;
        return of(v);
    }

    /** @return the seven values in {@link Target#ALL} order (a new array) */
    public double[] toArray() {
        return new double[] {hr, pr, qrs, qt, tAmpV5, rAmpV5, stjV5};
    }
}
