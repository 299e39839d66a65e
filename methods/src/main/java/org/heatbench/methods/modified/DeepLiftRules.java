package org.heatbench.methods.modified;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.backward.BackwardContext;
import org.heatbench.methods.backward.BackwardRule;
import org.heatbench.methods.backward.GradientRouting;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.backward.TensorInfo;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * DeepLIFT's Rescale rule (Shrikumar, Greenside, Kundaje, "Learning Important Features Through Propagating Activation
 * Differences", ICML 2017) with Captum's semantics, as a {@link RuleSet}. Pointwise nonlinearities y = φ(x) pass
 * g·Δy/Δx back, Δ against the baseline's activations, falling back to g·φ'(x) where |Δx| < ε (1e-10); linear
 * operators keep their gradient rules; MaxPool uses Captum's rule (the difference of the pooled outputs routed to
 * the winners of the input's and of the baseline's windows, divided by Δx).
 *
 * <p>Transformers: Erf, Gelu, Pow, Reciprocal, Sqrt, Exp and Abs take the Rescale rule; products of two live
 * operands the symmetric product rule ({@link Bilinear}); Softmax, LayerNormalization and InstanceNormalization
 * exact two-point rules ({@link DeepLiftTransformerRules}); LogSoftmax, GroupNormalization, ReduceMax, ReduceMin
 * and a Div by a live tensor are refused at compile time, naming the node.
 *
 * <p>The baseline's activations are computed once per (model, baseline) and embedded in the compiled graph as
 * constants (a {@link BaselineActivations} attachment), so a batch costs one forward pass, not two.
 */
public final class DeepLiftRules {
    /** Captum's ε. */
    public static final double EPS = 1e-10;

    private DeepLiftRules() {
    }

    /** Baseline activations by tensor name, each of shape [1, ...]. */
    public record BaselineActivations(Map<String, FloatTensor> values) {
        public BaselineActivations {
            values = Map.copyOf(values);
        }

        FloatTensor get(BackwardContext c, String tensor) {
            FloatTensor t = values.get(tensor);
            if (t == null) {
                throw c.unsupported("no baseline activation recorded for tensor '" + tensor + "'");
            }
            return t;
        }
    }

    /** @return the Rescale rule set */
    public static RuleSet rescale() {
        RuleSet s = RuleSet.gradient();
        s = s.with("Relu", (BackwardRule) c -> rescale(c, localRelu(c)));
        s = s.with("Sigmoid", (BackwardRule) c -> rescale(c, localSigmoid(c)));
        s = s.with("Tanh", (BackwardRule) c -> rescale(c, localTanh(c)));
        s = s.with("Softplus", (BackwardRule) c -> rescale(c, c.builder().op("Sigmoid", "dl_local", c.input(0))));
        s = s.with("LeakyRelu", (BackwardRule) c -> rescale(c, localLeaky(c)));
        s = s.with("Elu", (BackwardRule) c -> rescale(c, localElu(c)));
        s = s.with("MaxPool", new MaxPoolRescale(s.rule("MaxPool").orElseThrow()));
        RuleSet gradient = RuleSet.gradient();
        for (String op : UNIVARIATE) {
            BackwardRule g = gradient.rule(op).orElseThrow();
            s = s.with(op, (BackwardRule) c -> rescale(c, localGradient(c, g)));
        }
        for (String op : List.of("Mul", "MatMul", "Einsum")) {
            s = s.with(op, new Bilinear(gradient.rule(op).orElseThrow()));
        }
        s = s.with("Div", new Quotient(gradient.rule("Div").orElseThrow()));
        for (String op : REFUSED) {
            s = s.without(op);
        }
        s = s.with("Softmax", DeepLiftTransformerRules.softmax(DeepLiftRules::constant));
        s = s.with(DeepLiftTransformerRules.normalization(DeepLiftRules::constant), "LayerNormalization",
                "InstanceNormalization");
        return s;
    }

    /** Pointwise functions of one tensor: the Rescale rule applies with their derivative as the fallback. */
    static final List<String> UNIVARIATE = List.of("Erf", "Gelu", "Pow", "Reciprocal", "Sqrt", "Exp", "Abs");
    /**
     * Multi-input nonlinearities without a DeepLIFT rule here (compiling fails naming the node): LogSoftmax,
     * GroupNormalization (opset 18/21; PyTorch's decomposed form through InstanceNormalization is covered) and
     * ReduceMax / ReduceMin. Softmax, LayerNormalization and InstanceNormalization have exact rules in
     * {@link DeepLiftTransformerRules}.
     */
    static final List<String> REFUSED = List.of("LogSoftmax", "GroupNormalization", "ReduceMax", "ReduceMin");

    /** φ'(x) of a univariate operator: its gradient rule applied to a unit seed. */
    private static String localGradient(BackwardContext c, BackwardRule gradient) {
        if (c.node().getInputCount() > 1 && c.needsGrad(1)) {
            throw c.unsupported("DeepLIFT's Rescale rule needs " + c.node().getOpType()
                    + "'s second operand to be constant");
        }
        List<String> out = new ArrayList<>();
        gradient.backward(c.redirect(List.of(c.builder().scalar(1)), (i, g) -> {
            if (i == 0) {
                out.add(g);
            }
        }));
        return out.size() == 1 ? out.get(0) : c.builder().op("Sum", "dl_local", out);
    }

    /**
     * Products of two operands that both depend on the input (Q Kᵀ, attention × V, gates): Δ(ab) = ā Δb + b̄ Δa
     * exactly, with ā = (a + a₀)/2 — the two-player Shapley split, which satisfies summation-to-delta. The
     * multipliers are the gradient rule evaluated at the averaged operands. With one constant operand it is the
     * ordinary (linear) gradient.
     */
    private record Bilinear(BackwardRule gradient) implements BackwardRule {
        @Override
        public void backward(BackwardContext c) {
            int n = c.node().getInputCount();
            int live = 0;
            for (int i = 0; i < n; i++) {
                live += c.needsGrad(i) ? 1 : 0;
            }
            if (live < 2) {
                gradient.backward(c);
                return;
            }
            if (n != 2) {
                throw c.unsupported("DeepLIFT's product rule covers two live operands, not " + live);
            }
            GraphBuilder b = c.builder();
            List<String> avg = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String v = c.input(i);
                avg.add(b.op("Mul", "dl_avg", b.op("Add", "dl_sum", v, constant(c, v)), b.scalar(0.5)));
            }
            gradient.backward(c.withInputs(avg));
        }
    }

    /** a / b with a constant denominator is linear; a live denominator has no rule here. */
    private record Quotient(BackwardRule gradient) implements BackwardRule {
        @Override
        public void backward(BackwardContext c) {
            if (c.needsGrad(1)) {
                throw c.unsupported("DeepLIFT has no rule for a Div whose denominator depends on the input");
            }
            gradient.backward(c);
        }
    }

    private static String constant(BackwardContext c, String tensor) {
        BaselineActivations base = c.attachment(BaselineActivations.class)
                .orElseThrow(() -> c.unsupported("DeepLIFT compiled without baseline activations"));
        FloatTensor t = base.get(c, tensor);
        double[] v = new double[t.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.data()[i];
        }
        return c.builder().floats(t.shape(), v);
    }

    private static String toFloat(GraphBuilder b, String bool) {
        return b.op("Cast", "dl_cast", List.of(bool), GraphBuilder.attr("to", (long) b.floatType()));
    }

    /** g·(Δy + m·φ')/(Δx + m), m = 1[|Δx| < ε]: exactly Δy/Δx where m = 0, φ' (to ~ε) where m = 1. */
    private static void rescale(BackwardContext c, String localGrad) {
        GraphBuilder b = c.builder();
        String dx = b.op("Sub", "dl_dx", c.input(0), constant(c, c.input(0)));
        String dy = b.op("Sub", "dl_dy", c.output(0), constant(c, c.output(0)));
        String small = toFloat(b, b.op("Less", "dl_small", b.op("Abs", "dl_adx", dx), b.scalar(EPS)));
        String num = b.op("Add", "dl_num", dy, b.op("Mul", "dl_fallback", small, localGrad));
        String den = b.op("Add", "dl_den", dx, small);
        c.addInputGrad(0, b.op("Mul", "grad_deeplift", c.outputGrad(0), b.op("Div", "dl_m", num, den)));
    }

    private static String localRelu(BackwardContext c) {
        GraphBuilder b = c.builder();
        return toFloat(b, b.op("Greater", "dl_pos", c.output(0), b.scalar(0)));
    }

    private static String localSigmoid(BackwardContext c) {
        GraphBuilder b = c.builder();
        return b.op("Mul", "dl_local", c.output(0), b.op("Sub", "dl_1my", b.scalar(1), c.output(0)));
    }

    private static String localTanh(BackwardContext c) {
        GraphBuilder b = c.builder();
        return b.op("Sub", "dl_local", b.scalar(1), b.op("Mul", "dl_y2", c.output(0), c.output(0)));
    }

    private static String localLeaky(BackwardContext c) {
        GraphBuilder b = c.builder();
        double alpha = GraphBuilder.floatAttr(c.node(), "alpha", 0.01f);
        String pos = toFloat(b, b.op("Greater", "dl_pos", c.input(0), b.scalar(0)));
        return b.op("Add", "dl_local", b.op("Mul", "dl_pos_scaled", pos, b.scalar(1 - alpha)), b.scalar(alpha));
    }

    private static String localElu(BackwardContext c) {
        GraphBuilder b = c.builder();
        double alpha = GraphBuilder.floatAttr(c.node(), "alpha", 1f);
        String pos = toFloat(b, b.op("Greater", "dl_pos", c.input(0), b.scalar(0)));
        String neg = b.op("Add", "dl_neg", c.output(0), b.scalar(alpha));
        // pos·1 + (1 − pos)·(y + α)
        return b.op("Add", "dl_local", pos, b.op("Mul", "dl_negpart", b.op("Sub", "dl_1mpos", b.scalar(1), pos), neg));
    }

    /**
     * Captum's MaxPool rule for non-overlapping 1-D windows: numerator = route_x(g·(max(y, y₀) − y₀)) +
     * route_x₀(g·(y − max(y, y₀))), multiplier = numerator / Δx, or the ordinary gradient where |Δx| < ε.
     */
    private record MaxPoolRescale(BackwardRule gradient) implements BackwardRule {
        @Override
        public NodeProto rewriteForward(NodeProto node, GraphBuilder b) {
            return gradient.rewriteForward(node, b);
        }

        @Override
        public void backward(BackwardContext c) {
            if (!GradientRouting.isNonOverlapping1d(c.node())) {
                throw c.unsupported("DeepLIFT's MaxPool rule is implemented for non-overlapping 1-D windows "
                        + "(kernel = stride, no padding or dilation)");
            }
            GraphBuilder b = c.builder();
            String g = c.outputGrad(0);
            String y = c.output(0);
            String y0 = constant(c, y);
            String ymax = b.op("Max", "dl_ymax", y, y0);
            String t1 = GradientRouting.routeMaxPool(c, b.op("Mul", "dl_g1", g, b.op("Sub", "dl_d1", ymax, y0)));
            String t2 = routeToBaselineWinners(c, b.op("Mul", "dl_g2", g, b.op("Sub", "dl_d2", y, ymax)));
            String num = b.op("Add", "dl_pool_num", t1, t2);
            String plain = GradientRouting.routeMaxPool(c, g);
            String dx = b.op("Sub", "dl_dx", c.input(0), constant(c, c.input(0)));
            String small = toFloat(b, b.op("Less", "dl_small", b.op("Abs", "dl_adx", dx), b.scalar(EPS)));
            String big = b.op("Sub", "dl_big", b.scalar(1), small);
            String ratio = b.op("Div", "dl_ratio", num, b.op("Add", "dl_den", dx, small));
            c.addInputGrad(0, b.op("Add", "grad_deeplift_pool", b.op("Mul", "dl_r", ratio, big),
                    b.op("Mul", "dl_p", plain, small)));
        }

        /** Places h [N, C, L/k] on the baseline's window winners (first maximum), zero elsewhere. */
        private static String routeToBaselineWinners(BackwardContext c, String h) {
            GraphBuilder b = c.builder();
            TensorInfo x = c.inputInfo(0);
            int channels = (int) x.dim(1);
            int len = (int) x.dim(2);
            int k = (int) GraphBuilder.intsAttr(c.node(), "kernel_shape")[0];
            int out = len / k;
            float[] x0 = c.attachment(BaselineActivations.class).orElseThrow().get(c, c.input(0)).data();
            double[] mask = new double[channels * len];
            for (int ch = 0; ch < channels; ch++) {
                for (int w = 0; w < out; w++) {
                    int best = w * k;
                    for (int j = 1; j < k; j++) {
                        if (x0[ch * len + w * k + j] > x0[ch * len + best]) {
                            best = w * k + j;
                        }
                    }
                    mask[ch * len + best] = 1;
                }
            }
            String hu = b.op("Unsqueeze", "dl_h", h, b.longs(3));
            List<String> copies = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                copies.add(hu);
            }
            String rep = b.op("Concat", "dl_rep", copies, GraphBuilder.attr("axis", 3L));
            String flat = b.op("Reshape", "dl_rep_flat", rep, b.longs(0, 0, (long) out * k));
            if (out * k != len) {
                flat = b.op("Pad", "dl_rep_tail", flat, b.longs(0, 0, 0, 0, 0, len - (long) out * k));
            }
            return b.op("Mul", "dl_baseline_route", flat, b.floats(new long[] {1, channels, len}, mask));
        }
    }
}
