package org.heatbench.methods.backward;

import java.util.List;

/**
 * One backward pass of a compiled graph: which rules, from the differentiated output down to where.
 *
 * @param name identifies the pass's outputs in {@link CompiledGradient#pass(String)}
 * @param rules the backward rules
 * @param root where the pass starts being relevant: {@code null} for the model input (a full pass), or an
 *     intermediate tensor, in which case only the part of the graph between that tensor and the output is
 *     differentiated (a truncated pass, e.g. Grad-CAM's gradient at its layer)
 * @param layers intermediate tensors whose activation and gradient are outputs
 * @param inputGradient whether the gradient at the model input is an output (only for full passes)
 * @param parameters initializers (weights) that are roots of the pass too: each one's gradient is an output
 *     ({@link CompiledGradient.PassOutputs#parameterGrads()}), as training needs. When non-empty and neither
 *     {@code root} nor {@code inputGradient} is set, the model input is <em>not</em> a root, so no gradient is
 *     propagated into the first layer's input (a parameter-only pass).
 */
public record BackwardPass(String name, RuleSet rules, String root, List<String> layers, boolean inputGradient,
        List<String> parameters) {

    public BackwardPass {
        layers = List.copyOf(layers);
        parameters = List.copyOf(parameters);
        if (root != null && inputGradient) {
            throw new IllegalArgumentException("a pass truncated at '" + root + "' cannot produce the input gradient");
        }
    }

    /** A pass without parameter gradients (the form every attribution method uses). */
    public BackwardPass(String name, RuleSet rules, String root, List<String> layers, boolean inputGradient) {
        this(name, rules, root, layers, inputGradient, List.of());
    }

    /**
     * A parameter-only pass: gradients of the differentiated output with respect to the named initializers, for
     * training. The input is not a root.
     */
    public static BackwardPass toParameters(String name, RuleSet rules, List<String> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a parameter pass needs at least one parameter");
        }
        return new BackwardPass(name, rules, null, List.of(), false, parameters);
    }

    /** @return whether the model input is a root of this pass (full passes; not parameter-only ones) */
    boolean inputIsRoot() {
        return root == null && (inputGradient || parameters.isEmpty());
    }

    /** A full pass to the model input, also exposing the given layers. */
    public static BackwardPass toInput(String name, RuleSet rules, List<String> layers) {
        return new BackwardPass(name, rules, null, layers, true);
    }

    /** A full pass to the model input. */
    public static BackwardPass toInput(String name, RuleSet rules) {
        return toInput(name, rules, List.of());
    }

    /** A pass from the output down to {@code root} only, exposing the given layers (which must lie above it). */
    public static BackwardPass toLayers(String name, RuleSet rules, String root, List<String> layers) {
        return new BackwardPass(name, rules, root, layers, false);
    }
}
