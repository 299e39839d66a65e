package org.heatbench.training;

import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * The training loss, emitted as primitive ONNX operators so HeatBench's backward-graph compiler differentiates it
 * with its ordinary rules. Both are means over every element of the [N, outputs] prediction.
 */
public enum Loss {
    /** Mean squared error between the prediction and the standardised target (regression). */
    MSE,
    /**
     * Binary cross-entropy with logits (multi-label classification): for logit z and label y ∈ {0, 1},
     * {@code max(z, 0) − z·y + log(1 + e^{−|z|})} — algebraically −[y ln σ(z) + (1 − y) ln(1 − σ(z))], in the form
     * that neither overflows e^z nor takes the log of a rounded-to-zero probability (PyTorch's
     * {@code BCEWithLogitsLoss}). Its gradient is (σ(z) − y) / (N·outputs) per element; the compiler derives it from
     * Relu, Mul, Sub, Abs, Neg and Softplus rules (at z = 0 exactly the Abs and Relu subgradients are 0, so there it
     * is −y instead of ½ − y: a set of measure zero).
     */
    BCE_WITH_LOGITS;

    /** Nodes computing the [1, 1] mean loss of prediction {@code z} against {@code t} (both [N, outputs]). */
    String emit(GraphBuilder b, String z, String t) {
        String elementwise;
        if (this == MSE) {
            String d = b.op("Sub", "residual", z, t);
            elementwise = b.op("Mul", "squared", d, d);
        } else {
            String pos = b.op("Relu", "bce_relu", z);
            String zy = b.op("Mul", "bce_zy", z, t);
            String tail = b.op("Softplus", "bce_softplus", b.op("Neg", "bce_neg_abs", b.op("Abs", "bce_abs", z)));
            elementwise = b.op("Add", "bce", b.op("Sub", "bce_linear", pos, zy), tail);
        }
        return b.op("ReduceMean", this == MSE ? "mse" : "bce_mean", List.of(elementwise),
                GraphBuilder.attrInts("axes", 0, 1), GraphBuilder.attr("keepdims", 1L));
    }

    /** @return the loss of one element in float64 (the reference the compiled graph is tested against) */
    public static double bceWithLogits(double z, double y) {
        return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
