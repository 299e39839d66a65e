package org.heatbench.methods.modified;

import java.util.List;
import org.heatbench.methods.backward.BackwardContext;
import org.heatbench.methods.backward.BackwardRule;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Rule sets of the modified-backward methods that only change how ReLU passes the signal back (Springenberg et al.,
 * "Striving for Simplicity: The All Convolutional Net", ICLR workshop 2015 — guided backprop; Zeiler & Fergus,
 * ECCV 2014 — deconvolution). Every other operator keeps its gradient rule, as in Captum.
 */
public final class ModifiedRules {
    private ModifiedRules() {
    }

    /** Guided backprop: ReLU backward = relu(g)·1[x > 0]. */
    public static RuleSet guidedBackprop() {
        return RuleSet.gradient().with("Relu", ModifiedRules::guidedRelu);
    }

    /** Deconvolution: ReLU backward = relu(g). */
    public static RuleSet deconvolution() {
        return RuleSet.gradient().with("Relu", ModifiedRules::deconvRelu);
    }

    private static void guidedRelu(BackwardContext c) {
        GraphBuilder b = c.builder();
        String pos = b.op("Greater", "guided_pos", c.output(0), b.scalar(0));
        String mask = b.op("Cast", "guided_mask", List.of(pos), GraphBuilder.attr("to", (long) b.floatType()));
        String rg = b.op("Relu", "guided_relu_g", c.outputGrad(0));
        c.addInputGrad(0, b.op("Mul", "grad_guided_relu", rg, mask));
    }

    private static void deconvRelu(BackwardContext c) {
        c.addInputGrad(0, c.builder().op("Relu", "grad_deconv_relu", c.outputGrad(0)));
    }

    /** @return a rule that passes the incoming signal to input 0 unchanged (LRP's ReLU rule) */
    static BackwardRule passThrough() {
        return c -> c.addInputGrad(0, c.outputGrad(0));
    }
}
