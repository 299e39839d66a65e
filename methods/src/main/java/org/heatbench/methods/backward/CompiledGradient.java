package org.heatbench.methods.backward;

import java.util.List;
import java.util.Map;
import org.heatbench.methods.onnx.OnnxModel;

/**
 * A forward-plus-backward ONNX model made by {@link BackwardCompiler}: one input (the original model input, same
 * name and layout), the differentiated model output, and per backward pass its input gradient and requested layers'
 * activations and gradients.
 *
 * @param model the compiled model (runnable by ONNX Runtime)
 * @param source the original model
 * @param inputName the input tensor name
 * @param outputName the differentiated model output (all of it, shape as in the original model)
 * @param passes the passes' outputs, in the order they were requested
 * @param analysis the shape analysis the compilation used
 */
public record CompiledGradient(OnnxModel model, OnnxModel source, String inputName, String outputName,
        List<PassOutputs> passes, GraphAnalysis analysis) {

    /** Output names of one intermediate tensor. */
    public record LayerOutputs(String activation, String gradient) {
    }

    /**
     * Output names of one backward pass.
     *
     * @param name the pass's name
     * @param inputGrad the gradient (or relevance) at the input, same shape as the input; {@code null} for a
     *     truncated pass
     * @param layers per requested layer, its activation and gradient outputs
     * @param parameterGrads per requested parameter ({@link BackwardPass#parameters()}), the output holding its
     *     gradient (same shape as the parameter, summed over the batch)
     */
    public record PassOutputs(String name, String inputGrad, Map<String, LayerOutputs> layers,
            Map<String, String> parameterGrads) {
        public PassOutputs {
            layers = Map.copyOf(layers);
            parameterGrads = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameterGrads));
        }

        /** Outputs without parameter gradients. */
        public PassOutputs(String name, String inputGrad, Map<String, LayerOutputs> layers) {
            this(name, inputGrad, layers, Map.of());
        }
    }

    public CompiledGradient {
        passes = List.copyOf(passes);
    }

    /** @return the outputs of the named pass */
    public PassOutputs pass(String name) {
        return passes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backward pass named '" + name + "'"));
    }

    /** @return the first pass's input gradient output name */
    public String inputGradName() {
        return passes.get(0).inputGrad();
    }

    /** @return the first pass's layer outputs */
    public Map<String, LayerOutputs> layerOutputs() {
        return passes.get(0).layers();
    }

    /** @return output names to fetch for the model output and the first pass's input gradient */
    public List<String> gradientOutputs() {
        return List.of(outputName, inputGradName());
    }
}
