package org.heatbench.methods.backward;

import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Gradients of the pointwise functions transformer exports emit: Erf (PyTorch's exact GELU before opset 20), Gelu
 * (opset 20, {@code approximate="none"} and {@code "tanh"}), Pow with an exponent that does not depend on the input
 * (LayerNorm and tanh-GELU decompositions), and Reciprocal.
 */
final class PointwiseGradients {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    /** The cubic coefficient of the tanh approximation (Hendrycks & Gimpel 2016, as in PyTorch and ONNX). */
    private static final double GELU_C = 0.044715;

    private PointwiseGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("Erf", PointwiseGradients::erf)
                .with("Gelu", PointwiseGradients::gelu)
                .with("Pow", PointwiseGradients::pow)
                .with("Reciprocal", PointwiseGradients::reciprocal);
    }

    /** d erf(x)/dx = 2/√π · exp(−x²). */
    private static void erf(BackwardContext c) {
        GraphBuilder b = c.builder();
        String x = c.input(0);
        String e = b.op("Exp", "erf_exp", b.op("Neg", "erf_nx2", b.op("Mul", "erf_x2", x, x)));
        c.addInputGrad(0, b.op("Mul", "grad_erf", c.outputGrad(0), b.op("Mul", "erf_d", e,
                b.scalar(TWO_OVER_SQRT_PI))));
    }

    /**
     * Exact: y = x Φ(x), y' = Φ(x) + x φ(x). Tanh: y = x/2 · (1 + t), t = tanh(u), u = √(2/π)(x + 0.044715 x³),
     * y' = (1 + t)/2 + x/2 · (1 − t²) · √(2/π)(1 + 3 · 0.044715 x²).
     */
    private static void gelu(BackwardContext c) {
        GraphBuilder b = c.builder();
        String x = c.input(0);
        String approx = GraphBuilder.stringAttr(c.node(), "approximate", "none");
        String x2 = b.op("Mul", "gelu_x2", x, x);
        String d;
        if (approx.equals("none")) {
            String cdf = b.op("Mul", "gelu_cdf", b.scalar(0.5), b.op("Add", "gelu_1erf", b.scalar(1),
                    b.op("Erf", "gelu_erf", b.op("Mul", "gelu_xs", x, b.scalar(1 / Math.sqrt(2))))));
            String pdf = b.op("Mul", "gelu_pdf", b.op("Exp", "gelu_e", b.op("Mul", "gelu_mx2", x2, b.scalar(-0.5))),
                    b.scalar(INV_SQRT_2PI));
            d = b.op("Add", "gelu_d", cdf, b.op("Mul", "gelu_xpdf", x, pdf));
        } else if (approx.equals("tanh")) {
            String u = b.op("Mul", "gelu_u", b.op("Mul", "gelu_x", x, b.op("Add", "gelu_poly", b.scalar(1),
                    b.op("Mul", "gelu_cx2", x2, b.scalar(GELU_C)))), b.scalar(SQRT_2_OVER_PI));
            String t = b.op("Tanh", "gelu_t", u);
            String du = b.op("Mul", "gelu_du", b.op("Add", "gelu_dpoly", b.scalar(1),
                    b.op("Mul", "gelu_3cx2", x2, b.scalar(3 * GELU_C))), b.scalar(SQRT_2_OVER_PI));
            String sech2 = b.op("Sub", "gelu_sech2", b.scalar(1), b.op("Mul", "gelu_t2", t, t));
            String left = b.op("Mul", "gelu_left", b.scalar(0.5), b.op("Add", "gelu_1t", b.scalar(1), t));
            String right = b.op("Mul", "gelu_right", b.op("Mul", "gelu_xh", x, b.scalar(0.5)),
                    b.op("Mul", "gelu_sdu", sech2, du));
            d = b.op("Add", "gelu_d", left, right);
        } else {
            throw c.unsupported("Gelu approximate='" + approx + "'");
        }
        c.addInputGrad(0, b.op("Mul", "grad_gelu", c.outputGrad(0), d));
    }

    /** d x^p/dx = p · x^(p − 1); the exponent may be any tensor that does not depend on the input. */
    private static void pow(BackwardContext c) {
        if (c.needsGrad(1)) {
            throw c.unsupported("Pow with an exponent that depends on the input");
        }
        GraphBuilder b = c.builder();
        String p = c.input(1);
        if (c.inputInfo(1).onnxType() != b.floatType()) {
            p = b.op("Cast", "pow_p", List.of(p), GraphBuilder.attr("to", (long) b.floatType()));
        }
        String d = b.op("Mul", "pow_d", p, b.op("Pow", "pow_xpm1", c.input(0), b.op("Sub", "pow_pm1", p,
                b.scalar(1))));
        String g = b.op("Mul", "grad_pow", c.outputGrad(0), d);
        c.addInputGrad(0, ElementwiseGradients.unbroadcast(c, g, c.outputInfo(0), c.inputInfo(0)));
    }

    /** d(1/x)/dx = −1/x² = −y². */
    private static void reciprocal(BackwardContext c) {
        GraphBuilder b = c.builder();
        String y = c.output(0);
        c.addInputGrad(0, b.op("Neg", "grad_reciprocal", b.op("Mul", "reciprocal_gy2", c.outputGrad(0),
                b.op("Mul", "reciprocal_y2", y, y))));
    }
}
