package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;

/**
 * The relative error HeatBench reports instead of the reference study's |y − ŷ| / y:
 * {@code |y − ŷ| / max(|y|, floor)}.
 *
 * <p>The study divided by y itself: targets at or below zero (ST-J and T amplitudes in V5) gave negative or infinite
 * values, and rows with infinities were dropped afterwards. HeatBench divides by |y|, but never by less than a fixed,
 * per-target floor in the target's unit. Wherever y ≥ floor — every interval and heart-rate record, and amplitude
 * records of at least 100 µV — the value equals the study's exactly; near zero it becomes the absolute error in units
 * of the floor. Defaults ({@link #defaultFor}): 10 ms for PR, QRS and QT, 10 bpm for heart rate, 100 µV (1 mm at
 * standard gain) for the V5 amplitudes. Records without a truth value have no relative error (NaN).
 *
 * @param floor the smallest denominator, > 0, in the target's unit
 */
public record RelativeError(double floor) {

    public RelativeError {
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new ConfigurationException("relative-error floor must be finite and > 0, got " + floor);
        }
    }

    /** @return the default floor for a target (see the class comment) */
    public static RelativeError defaultFor(Target target) {
        return new RelativeError(switch (target) {
            case HR -> 10.0;
            case PR, QRS, QT -> 10.0;
            case T_AMP_V5, R_AMP_V5, STJ_V5 -> 100.0;
        });
    }

    /** @return {@code |y − ŷ| / max(|y|, floor)}; NaN when y is NaN */
    public double of(double truth, double prediction) {
        return Math.abs(truth - prediction) / Math.max(Math.abs(truth), floor);
    }
}
