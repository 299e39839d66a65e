package org.heatbench.methods.backward;

import java.util.List;
import org.heatbench.core.ConfigurationException;

/**
 * What to differentiate. Immutable; use the withers.
 *
 * @param outputIndex which graph output (0 = first)
 * @param target the flat index within one item of that output (for an output {@code [N, K]}, 0..K-1); the compiled
 *     graph differentiates {@code Σ_n y[n, target]}, which for models whose items do not interact (inference mode)
 *     is the per-record gradient
 * @param layers intermediate tensors whose activation and gradient should be outputs too (Grad-CAM)
 * @param foldBatchNorm whether inference BatchNormalization is folded into the preceding Conv before compiling
 *     (exact up to float32 rounding for gradients; LRP treats the two differently, so it chooses)
 */
public record GradientRequest(int outputIndex, int target, List<String> layers, boolean foldBatchNorm) {

    public GradientRequest {
        if (outputIndex < 0) {
            throw new ConfigurationException("output index must be >= 0, got " + outputIndex);
        }
        if (target < 0) {
            throw new ConfigurationException("target must be >= 0, got " + target);
        }
        layers = List.copyOf(layers);
    }

    /** Folding BatchNormalization (the default). */
    public GradientRequest(int outputIndex, int target, List<String> layers) {
        this(outputIndex, target, layers, true);
    }

    /** Output 0, target 0, no intermediate tensors. */
    public static GradientRequest of() {
        return new GradientRequest(0, 0, List.of());
    }

    /** Output 0, the given target. */
    public static GradientRequest target(int target) {
        return new GradientRequest(0, target, List.of());
    }

    public GradientRequest withTarget(int t) {
        return new GradientRequest(outputIndex, t, layers, foldBatchNorm);
    }

    public GradientRequest withOutputIndex(int i) {
        return new GradientRequest(i, target, layers, foldBatchNorm);
    }

    public GradientRequest withLayers(List<String> l) {
        return new GradientRequest(outputIndex, target, l, foldBatchNorm);
    }

    public GradientRequest withFoldBatchNorm(boolean fold) {
        return new GradientRequest(outputIndex, target, layers, fold);
    }
}
