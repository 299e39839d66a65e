package org.heatbench.methods;

import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.onnx.OnnxModel;

/**
 * The backward pass of a method, as the sampling methods (SmoothGrad, integrated gradients, GradientSHAP) use it in
 * place of the plain gradient: {@code smoothgrad:base=guided_backprop}. A method offers one through
 * {@link AttributionMethod#backwardBase()} when its attribution of a record is one backward pass at that record.
 */
public interface BackwardBase {

    /** What the pass computes per record, from the compiled graph's input-gradient output g and target value y. */
    enum Kind {
        /** a (possibly modified) gradient: the result is g itself; may be integrated along a path */
        GRADIENT,
        /** a relevance propagated from a unit seed: the result is g · y (LRP); not a gradient, so not integrated */
        RELEVANCE
    }

    /** @return the kind of the pass's result */
    Kind kind();

    /**
     * Compiles the pass for a model and target (the graph's input-gradient output is the pass's result per unit
     * output seed).
     *
     * @throws org.heatbench.methods.onnx.InvalidModelException if the model cannot be compiled
     */
    CompiledGradient compile(OnnxModel model, AttributionTarget target);
}
