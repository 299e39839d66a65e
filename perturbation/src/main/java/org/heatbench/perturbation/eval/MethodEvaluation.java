package org.heatbench.perturbation.eval;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.RelativeError;

/**
 * One method's perturbation result on one record: the model's predictions along each order's trajectory, the
 * scores per curve kind, and localization against the ground-truth mask. The random-order control is represented
 * the same way under the method name {@link #CONTROL} with the single order {@link Order#RANDOM}.
 *
 * <p>Arrays are held without copying; do not modify them. Serializable (for Spark).
 *
 * @param method the canonical method spec, or {@link #CONTROL}
 * @param status whether curves exist
 * @param message a human-readable reason when not OK (names the offending position), else empty
 * @param constantAttribution every region scored the same (e.g. an all-zero attribution): the MoRF/LeRF order is
 *     region-number order — evaluated and reported, not dropped
 * @param predictions per order, ŷ_0 (clean) .. ŷ_K, float32 model outputs; empty when not OK
 * @param scores per curve kind, values in {@link ScoreLayout} order; NaN where undefined (no truth); empty when not OK
 * @param localization agreement with the ground-truth mask; null when the record has no mask, for the control, or
 *     when not OK
 * @param flip where the classifier's decision first flips along the MoRF trajectory (the random order for the
 *     control); null for a regression target or when not OK
 */
public record MethodEvaluation(String method, MethodStatus status, String message, boolean constantAttribution,
        Map<Order, float[]> predictions, Map<CurveKind, double[]> scores, Localization localization,
        DecisionFlip flip) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The name under which the random-order control appears. */
    public static final String CONTROL = "random_order";

    public MethodEvaluation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        predictions = predictions.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(predictions));
        scores = scores.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(scores));
    }

    /** An evaluation without a decision flip (a regression target). */
    public MethodEvaluation(String method, MethodStatus status, String message, boolean constantAttribution,
            Map<Order, float[]> predictions, Map<CurveKind, double[]> scores, Localization localization) {
        this(method, status, message, constantAttribution, predictions, scores, localization, null);
    }

    /** A method that produced no curves. */
    public static MethodEvaluation failed(String method, MethodStatus status, String message) {
        return new MethodEvaluation(method, status, message, false, Map.of(), Map.of(), null, null);
    }

    /** @return whether curves and scores exist */
    public boolean ok() {
        return status == MethodStatus.OK;
    }

    /** @return whether this is the random-order control */
    public boolean isControl() {
        return CONTROL.equals(method);
    }

    /** @return the predictions along one order's trajectory, or null when not run */
    public float[] predictionsOf(Order order) {
        return predictions.get(order);
    }

    /** @return one curve of one order (NaN where the truth is needed and missing), or null when not run */
    public double[] curve(Order order, CurveKind kind, double truth, RelativeError relative) {
        float[] p = predictions.get(order);
        return p == null ? null : kind.curve(p, truth, relative);
    }

    /** @return a score by position in the layout, NaN when not OK */
    public double score(CurveKind kind, int index) {
        double[] s = scores.get(kind);
        return s == null ? Double.NaN : s[index];
    }
}
