package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.NodeProto;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * How relevance or gradient flows backward through one ONNX operator type.
 *
 * <p>A rule reads the gradient arriving at the node's outputs ({@link BackwardContext#outputGrad(int)}) and emits
 * ONNX nodes that compute what flows to each input that needs it ({@link BackwardContext#addInputGrad}). The plain
 * chain rule gives gradients; other rules (guided backprop, DeepLIFT, LRP) replace the rules of some operator
 * types in a {@link RuleSet} without touching the compiler. Rules are stateless and thread-safe.
 */
public interface BackwardRule {

    /** Emits the backward computation of {@link BackwardContext#node()}. */
    void backward(BackwardContext ctx);

    /**
     * Optionally rewrites the forward node before compilation, e.g. to add the Indices output to MaxPool. The
     * returned node must keep the original outputs (same names, same order); it may add outputs named with
     * {@link GraphBuilder#fresh}.
     */
    default NodeProto rewriteForward(NodeProto node, GraphBuilder builder) {
        return node;
    }

    /** @return whether nothing flows back through this operator (shape arithmetic, comparisons, argmax) */
    default boolean isNonDifferentiable() {
        return false;
    }

    /** The rule of operators through which nothing flows (outputs are constants for the gradient). */
    BackwardRule NON_DIFFERENTIABLE = new BackwardRule() {
        @Override
        public void backward(BackwardContext ctx) {
            // nothing flows back
        }

        @Override
        public boolean isNonDifferentiable() {
            return true;
        }

        @Override
        public String toString() {
            return "non-differentiable";
        }
    };
}
