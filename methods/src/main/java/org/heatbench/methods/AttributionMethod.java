package org.heatbench.methods;

import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * An attribution method with its parameters fixed. Compiling it against a model checks the model (every operator on
 * the input-to-output path needs a backward rule) and creates the ONNX Runtime session, before any data is read.
 */
public interface AttributionMethod {

    /** @return the canonical specification, e.g. {@code integrated_gradients:steps=50,rule=gausslegendre,...} */
    MethodSpec spec();

    /**
     * Compiles the method for a model.
     *
     * @throws org.heatbench.methods.onnx.InvalidModelException if the model cannot be differentiated
     */
    Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options);

    /**
     * @return this method's backward pass when its attribution is one backward pass at the record (guided backprop,
     *     deconvolution, LRP), so that sampling methods can average or integrate it; empty otherwise (the default)
     */
    default java.util.Optional<BackwardBase> backwardBase() {
        return java.util.Optional.empty();
    }
}
