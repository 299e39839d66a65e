package org.heatbench.perturbation.eval;

import java.io.Serializable;
import java.util.Locale;
import org.heatbench.core.ConfigurationException;
import org.heatbench.perturbation.scores.ClassificationMetrics;

/**
 * How a classifier's output for one class becomes perturbation curves (docs/PERTURBATION.md, "Classification
 * targets"). The scorer's value per row is the class logit z ({@code sigmoid}, {@code logit}) or, for {@code softmax},
 * the class probability (the scorer applies the softmax over the output row, {@link OnnxScorer}).
 *
 * <ul>
 * <li>probability p: σ(z) for {@code sigmoid} and {@code logit}, the scorer's value for {@code softmax};</li>
 * <li>the followed score s: p, or the logit (z; log(p / (1 − p)) for softmax) when {@code logitCurve} —
 * {@code activation: logit} is {@code sigmoid} with the logit followed;</li>
 * <li>{@code change} curve: s₀ − s_k, the drop from the clean score (signed: a faithful MoRF order drives it up);</li>
 * <li>{@code error} curve: the loss against the label y, binary cross-entropy −[y ln p + (1 − y) ln(1 − p)] (nats,
 * p clipped to [1e-7, 1 − 1e-7]); for softmax with y = 1 this is the cross-entropy −ln p of the class;</li>
 * <li>{@code relative_error} curve: |y − p|, the absolute probability error;</li>
 * <li>decision: p ≥ threshold; {@link #flipStep} the first step whose decision differs from the clean one.</li>
 * </ul>
 *
 * @param activation how the output becomes a probability
 * @param logitCurve follow the logit instead of the probability
 * @param threshold the decision threshold on p, in (0, 1)
 */
public record Classification(Activation activation, boolean logitCurve, double threshold) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a class output becomes a probability. */
    public enum Activation {
        /** independent classes (multi-label): p = σ(z) */
        SIGMOID,
        /** exclusive classes (single-label): p = softmax(z)_c over the output row */
        SOFTMAX,
        /** as sigmoid, with the logit followed by the curve */
        LOGIT;

        /** @throws ConfigurationException naming the accepted values */
        public static Activation parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("unknown activation '" + text + "' (logit, sigmoid, softmax)", e);
            }
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Classification {
        if (activation == null) {
            throw new ConfigurationException("activation is required (logit, sigmoid, softmax)");
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new ConfigurationException("threshold must be in (0, 1), got " + threshold);
        }
        logitCurve = logitCurve || activation == Activation.LOGIT;
    }

    /** Sigmoid, probability followed, threshold 0.5. */
    public static Classification of(Activation activation) {
        return new Classification(activation, false, 0.5);
    }

    /** @return the unit of the followed score ({@code logit} or {@code probability}) */
    public String scoreUnit() {
        return logitCurve ? "logit" : "probability";
    }

    /** @return the class probability of a scorer value */
    public double probability(float value) {
        return activation == Activation.SOFTMAX ? value : ClassificationMetrics.sigmoid(value);
    }

    /** @return the followed score of a scorer value */
    public double score(float value) {
        if (!logitCurve) {
            return probability(value);
        }
        if (activation != Activation.SOFTMAX) {
            return value;
        }
        double p = Math.min(1 - ClassificationMetrics.EPS, Math.max(ClassificationMetrics.EPS, value));
        return Math.log(p) - Math.log1p(-p);
    }

    /**
     * @param values the scorer values ŷ₀ (clean) .. ŷ_K
     * @param label y in [0, 1]; NaN for an unlabelled record (only {@code change} is defined then)
     * @return the curve of {@code kind}
     */
    public double[] curve(CurveKind kind, float[] values, double label) {
        double[] c = new double[values.length];
        double clean = score(values[0]);
        for (int k = 0; k < c.length; k++) {
            c[k] = switch (kind) {
                case CHANGE -> clean - score(values[k]);
                case ERROR -> ClassificationMetrics.binaryCrossEntropy(label, probability(values[k]));
                case RELATIVE_ERROR -> Math.abs(label - probability(values[k]));
            };
        }
        return c;
    }

    /**
     * The one definition of a curve for any target, used by the evaluator, the summary and the writers of
     * {@code heatbench perturb} and {@code heatbench run}: a regression curve ({@link CurveKind#curve}) when
     * {@code c} is null, else the class's curve ({@link #curve}).
     *
     * @param truth the regression truth or the label likelihood; NaN when missing
     */
    public static double[] curveOf(Classification c, CurveKind kind, float[] values, double truth,
            org.heatbench.perturbation.RelativeError relative) {
        return c == null ? kind.curve(values, truth, relative) : c.curve(kind, values, truth);
    }

    /** @return the first step k ≥ 1 whose decision (p ≥ threshold) differs from the clean one; −1 if none */
    public int flipStep(float[] values) {
        boolean clean = probability(values[0]) >= threshold;
        for (int k = 1; k < values.length; k++) {
            if ((probability(values[k]) >= threshold) != clean) {
                return k;
            }
        }
        return -1;
    }
}
