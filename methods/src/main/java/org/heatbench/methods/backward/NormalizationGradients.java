package org.heatbench.methods.backward;

import org.heatbench.methods.onnx.GraphBuilder;

/**
 * BatchNormalization in inference mode is a per-channel affine map: ∂y/∂x = scale / √(var + ε), broadcast over the
 * channel axis (1). The factor is computed by graph nodes from the node's own inputs, which ONNX Runtime folds to
 * a constant when they are initializers.
 */
final class NormalizationGradients {
    private NormalizationGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("BatchNormalization", NormalizationGradients::batchNorm);
    }

    /** @return a tensor of shape [C, 1, ...] (rank of x minus 1) with scale / √(var + ε) */
    static String channelFactor(BackwardContext c) {
        GraphBuilder b = c.builder();
        double eps = GraphBuilder.floatAttr(c.node(), "epsilon", 1e-5f);
        String std = b.op("Sqrt", "bn_std", b.op("Add", "bn_var_eps", c.input(4), b.scalar(eps)));
        String f = b.op("Div", "bn_factor", c.input(1), std);
        int trailing = c.inputInfo(0).rank() - 2;
        long[] axes = new long[trailing];
        for (int i = 0; i < trailing; i++) {
            axes[i] = i + 1;
        }
        return trailing == 0 ? f : b.op("Unsqueeze", "bn_factor_c", f, b.longs(axes));
    }

    private static void batchNorm(BackwardContext c) {
        if (GraphBuilder.intAttr(c.node(), "training_mode", 0) != 0 || c.node().getOutputCount() > 1
                && c.node().getOutputList().subList(1, c.node().getOutputCount()).stream().anyMatch(o -> !o.isEmpty())) {
            throw c.unsupported("BatchNormalization in training mode; export the model in eval mode");
        }
        for (int i = 1; i < 5; i++) {
            if (c.needsGrad(i)) {
                throw c.unsupported("BatchNormalization parameters that depend on the input");
            }
        }
        c.addInputGrad(0, c.builder().op("Mul", "grad_bn", c.outputGrad(0), channelFactor(c)));
    }
}
