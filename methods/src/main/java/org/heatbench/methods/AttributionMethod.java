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
}
