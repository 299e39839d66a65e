package org.heatbench.perturbation.eval;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;
import org.heatbench.perturbation.RelativeError;

/**
 * The curves derived from a trajectory's predictions ŷ_0 (clean) .. ŷ_K. All are in double precision from the
 * float32 predictions; a record without a truth value has NaN {@link #ERROR} and {@link #RELATIVE_ERROR} curves.
 */
public enum CurveKind {
    /** |y − ŷ_k|, target units; needs the truth y. */
    ERROR("error"),
    /** |y − ŷ_k| / max(|y|, floor) ({@link RelativeError}); needs the truth y. */
    RELATIVE_ERROR("relative_error"),
    /** |ŷ_0 − ŷ_k|: change from the clean prediction, target units; always defined. */
    CHANGE("change");

    private final String key;

    CurveKind(String key) {
        this.key = key;
    }

    /** @return {@code error}, {@code relative_error}, {@code change} */
    public String key() {
        return key;
    }

    /** @return whether the curve needs a truth value */
    public boolean needsTruth() {
        return this != CHANGE;
    }

    /**
     * @param predictions ŷ_0 .. ŷ_K
     * @param truth y, NaN when missing
     * @return the curve, K + 1 values (all NaN when the truth is needed and missing)
     */
    public double[] curve(float[] predictions, double truth, RelativeError relative) {
        double[] c = new double[predictions.length];
        double clean = predictions[0];
        for (int k = 0; k < c.length; k++) {
            double p = predictions[k];
            c[k] = switch (this) {
                case ERROR -> Math.abs(truth - p);
                case RELATIVE_ERROR -> relative.of(truth, p);
                case CHANGE -> Math.abs(clean - p);
            };
        }
        return c;
    }

    public static CurveKind parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (CurveKind k : values()) {
            if (k.key.equals(s)) {
                return k;
            }
        }
        throw new ConfigurationException("unknown curve '" + text + "' (error, relative_error, change)");
    }
}
