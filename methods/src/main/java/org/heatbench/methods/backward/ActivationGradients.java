package org.heatbench.methods.backward;

import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Gradients of pointwise activations. ReLU's derivative at 0 is 0 and LeakyReLU's is the slope, as in PyTorch.
 */
final class ActivationGradients {
    private ActivationGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("Relu", ActivationGradients::relu)
                .with("LeakyRelu", ActivationGradients::leakyRelu)
                .with("Sigmoid", ActivationGradients::sigmoid)
                .with("Tanh", ActivationGradients::tanh)
                .with("Elu", ActivationGradients::elu)
                .with("Softplus", ActivationGradients::softplus)
                .with("Clip", ActivationGradients::clip)
                .with("Neg", ActivationGradients::neg)
                .with("Exp", ActivationGradients::exp)
                .with("Abs", ActivationGradients::abs)
                .with("Sqrt", ActivationGradients::sqrt);
    }

    /** The condition x > 0, read off ReLU's output (y > 0 exactly where x > 0). */
    static String reluPositive(BackwardContext c) {
        GraphBuilder b = c.builder();
        return b.op("Greater", "relu_pos", c.output(0), b.scalar(0));
    }

    /** 1[x > 0] as a float mask. (ONNX Runtime's Where and Sign kernels are several times slower than this pair.) */
    static String reluMask(BackwardContext c) {
        GraphBuilder b = c.builder();
        return b.op("Cast", "relu_mask", List.of(reluPositive(c)), GraphBuilder.attr("to", (long) b.floatType()));
    }

    static void relu(BackwardContext c) {
        c.addInputGrad(0, c.builder().op("Mul", "grad_relu", c.outputGrad(0), reluMask(c)));
    }

    static void leakyRelu(BackwardContext c) {
        GraphBuilder b = c.builder();
        double alpha = GraphBuilder.floatAttr(c.node(), "alpha", 0.01f);
        String g = c.outputGrad(0);
        String pos = b.op("Greater", "leaky_pos", c.input(0), b.scalar(0));
        String scaled = b.op("Mul", "leaky_neg", g, b.scalar(alpha));
        c.addInputGrad(0, b.op("Where", "grad_leakyrelu", pos, g, scaled));
    }

    static void sigmoid(BackwardContext c) {
        GraphBuilder b = c.builder();
        String y = c.output(0);
        String oneMinus = b.op("Sub", "sig_1my", b.scalar(1), y);
        String d = b.op("Mul", "sig_d", y, oneMinus);
        c.addInputGrad(0, b.op("Mul", "grad_sigmoid", c.outputGrad(0), d));
    }

    static void tanh(BackwardContext c) {
        GraphBuilder b = c.builder();
        String y = c.output(0);
        String d = b.op("Sub", "tanh_d", b.scalar(1), b.op("Mul", "tanh_y2", y, y));
        c.addInputGrad(0, b.op("Mul", "grad_tanh", c.outputGrad(0), d));
    }

    static void elu(BackwardContext c) {
        GraphBuilder b = c.builder();
        double alpha = GraphBuilder.floatAttr(c.node(), "alpha", 1.0f);
        String g = c.outputGrad(0);
        String pos = b.op("Greater", "elu_pos", c.input(0), b.scalar(0));
        // for x <= 0: d/dx alpha(e^x - 1) = alpha e^x = y + alpha
        String neg = b.op("Mul", "elu_neg", g, b.op("Add", "elu_y_alpha", c.output(0), b.scalar(alpha)));
        c.addInputGrad(0, b.op("Where", "grad_elu", pos, g, neg));
    }

    static void softplus(BackwardContext c) {
        GraphBuilder b = c.builder();
        c.addInputGrad(0, b.op("Mul", "grad_softplus", c.outputGrad(0), b.op("Sigmoid", "softplus_d", c.input(0))));
    }

    static void clip(BackwardContext c) {
        GraphBuilder b = c.builder();
        String x = c.input(0);
        String g = c.outputGrad(0);
        // PyTorch hardtanh/clamp: gradient passes where min < x < max (min <= x <= max for clamp); use the
        // inclusive form of torch.clamp, which is what torch.onnx exports Clip from
        String mask = null;
        if (!c.input(1).isEmpty()) {
            mask = b.op("GreaterOrEqual", "clip_lo", x, c.input(1));
        }
        if (!c.input(2).isEmpty()) {
            String hi = b.op("LessOrEqual", "clip_hi", x, c.input(2));
            mask = mask == null ? hi : b.op("And", "clip_in", mask, hi);
        }
        if (GraphBuilder.hasAttr(c.node(), "min") || GraphBuilder.hasAttr(c.node(), "max")) {
            throw c.unsupported("Clip with min/max attributes is opset < 11");
        }
        c.addInputGrad(0, mask == null ? g : b.op("Where", "grad_clip", mask, g, b.scalar(0)));
    }

    static void neg(BackwardContext c) {
        c.addInputGrad(0, c.builder().op("Neg", "grad_neg", c.outputGrad(0)));
    }

    static void exp(BackwardContext c) {
        c.addInputGrad(0, c.builder().op("Mul", "grad_exp", c.outputGrad(0), c.output(0)));
    }

    static void abs(BackwardContext c) {
        GraphBuilder b = c.builder();
        c.addInputGrad(0, b.op("Mul", "grad_abs", c.outputGrad(0), b.op("Sign", "abs_sign", c.input(0))));
    }

    static void sqrt(BackwardContext c) {
        GraphBuilder b = c.builder();
        String half = b.op("Div", "sqrt_d", b.scalar(0.5), c.output(0));
        c.addInputGrad(0, b.op("Mul", "grad_sqrt", c.outputGrad(0), half));
    }

}
