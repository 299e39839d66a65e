package org.heatbench.methods.modified;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.methods.backward.BackwardContext;
import org.heatbench.methods.backward.BackwardRule;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Layer-wise relevance propagation (Bach et al., PLoS ONE 2015; Montavon et al., "Layer-Wise Relevance Propagation:
 * An Overview", 2019) as a {@link RuleSet}: what flows backward is relevance R, not a gradient.
 *
 * <p>Every linear operator z = L(x) (Conv, Gemm, MatMul, BatchNormalization as a per-channel affine map,
 * Average/GlobalAveragePool, the residual Add, ...) uses the ε-rule R_x = x ⊙ Lᵀ(R_z / (z + ε·sign(z))), sign(0) = +1,
 * computed by wrapping the operator's own gradient rule; ε = 0 is the z-rule (exact zeros of z are guarded, where
 * the numerators vanish too). MaxPool uses the same rule, which as ε → 0 is winner-takes-all — as Captum's LRP
 * does. ReLU and other pointwise activations pass relevance through. With {@code sign} at the input layer (the
 * SIGN rule of Gumpfer et al., "SIGNed explanations", Information Fusion 2023) the operators consuming the model
 * input use sign(x) (or the SIGN-μ sign: +1 where x ≥ μ, −1 elsewhere) instead of x.
 *
 * <p>Transformers (AttnLRP: Achtibat et al., "AttnLRP: Attention-Aware Layer-Wise Relevance Propagation for
 * Transformers", ICML 2024; CP-LRP: Ali et al., "XAI for Transformers: Better Explanations through Conservative
 * Propagation", ICML 2022):
 * <ul>
 *   <li>LayerNormalization, InstanceNormalization, GroupNormalization: 1/σ is treated as a constant (identity rule
 *       through the division) and the centring and affine map take the ε-rule: R_x = x ⊙ (s − mean(s)),
 *       s = γ · (1/σ) · R/(y + ε·sign(y)); conservative when the LayerNorm has no bias.</li>
 *   <li>Products of two (or more) operands that depend on the input — Q Kᵀ, attention × V, gates — take the
 *       <em>uniform</em> rule: the ε-rule's relevance of the product split equally among the operands (AttnLRP,
 *       Prop. 3.2). A gate (one operand a pointwise function of the other, as in GELU = x · Φ(x) or SiLU) is an
 *       elementwise nonlinearity and takes the identity rule: all relevance to the gated operand.</li>
 *   <li>Softmax: {@code attention=attnlrp} (default) uses AttnLRP's rule R_x = x ⊙ (R − s ⊙ Σ R) (a Taylor
 *       decomposition; the bias term it drops makes it non-conservative); {@code attention=cp} treats the
 *       attention weights as constants (CP-LRP), so relevance reaches the tokens only through the values and is
 *       conserved exactly on bias-free transformers.</li>
 *   <li>Erf and Gelu pass relevance through (identity rule, like ReLU).</li>
 * </ul>
 */
public final class LrpRules {
    private LrpRules() {
    }

    /** How the layers that read the model input weigh their inputs. */
    public enum InputRule {
        /** x, like every other layer */
        NONE,
        /** sign_μ(x): +1 where x ≥ μ, −1 elsewhere */
        SIGN
    }

    static final List<String> LINEAR = List.of("Conv", "Gemm", "MatMul", "BatchNormalization", "AveragePool",
            "GlobalAveragePool", "MaxPool", "GlobalMaxPool", "Add", "Sum", "Sub", "ReduceMean", "ReduceSum", "Mul", "Div",
            "Einsum");
    static final List<String> NORMALIZATION = List.of("LayerNormalization", "InstanceNormalization",
            "GroupNormalization");
    static final List<String> PASS = List.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Softplus", "Clip",
            "Dropout", "Identity", "Erf", "Gelu");
    private static final java.util.Set<String> PRODUCTS = java.util.Set.of("Mul", "MatMul", "Einsum");

    /** How relevance passes through Softmax (see the class comment). */
    public enum AttentionRule {
        /** AttnLRP's rule x ⊙ (R − s Σ R) */
        ATTNLRP,
        /** attention weights as constants (CP-LRP) */
        CP
    }

    /** The rule set for ε (0 = z-rule) with the given input-layer rule and SIGN-μ threshold. */
    public static RuleSet of(double epsilon, InputRule inputRule, double mu) {
        return of(epsilon, inputRule, mu, AttentionRule.ATTNLRP);
    }

    /** The rule set with the given treatment of Softmax (attention). */
    public static RuleSet of(double epsilon, InputRule inputRule, double mu, AttentionRule attention) {
        RuleSet gradient = RuleSet.gradient();
        RuleSet detached = org.heatbench.methods.backward.LayerNormGradients.detachStatistics(gradient);
        RuleSet s = gradient;
        for (String op : LINEAR) {
            BackwardRule g = gradient.rule(op).orElseThrow();
            s = s.with(op, new Epsilon(g, epsilon, inputRule, mu, op.equals("Div")));
        }
        for (String op : NORMALIZATION) {
            s = s.with(op, new Epsilon(detached.rule(op).orElseThrow(), epsilon, inputRule, mu, false));
        }
        BackwardRule pass = ModifiedRules.passThrough();
        for (String op : PASS) {
            s = s.with(op, pass);
        }
        s = attention == AttentionRule.CP ? s.with("Softmax", BackwardRule.NON_DIFFERENTIABLE)
                : s.with("Softmax", new Epsilon(gradient.rule("Softmax").orElseThrow(), epsilon, inputRule, mu, false));
        return s.without("LogSoftmax").without("Exp").without("Sqrt").without("Abs");
    }

    /** The ε-rule around an operator's gradient rule. */
    private record Epsilon(BackwardRule gradient, double epsilon, InputRule inputRule, double mu, boolean needsConstant)
            implements BackwardRule {

        @Override
        public ai.onnx.proto.OnnxMl.NodeProto rewriteForward(ai.onnx.proto.OnnxMl.NodeProto node, GraphBuilder b) {
            return gradient.rewriteForward(node, b);
        }

        @Override
        public void backward(BackwardContext c) {
            if (needsConstant && c.needsGrad(0) && c.needsGrad(1)) {
                throw c.unsupported("LRP needs one operand of " + c.node().getOpType() + " to be constant");
            }
            GraphBuilder b = c.builder();
            String z = c.output(0);
            String s = b.op("Div", "lrp_s", c.outputGrad(0), stabilise(b, z, epsilon));
            Map<Integer, List<String>> parts = new LinkedHashMap<>();
            gradient.backward(c.redirect(List.of(s), (i, g) -> parts.computeIfAbsent(i, k -> new ArrayList<>()).add(g)));
            String modelInput = c.analysis().model().inputName();
            // products of several live operands: the identity rule for gates, else the uniform rule
            int live = 0;
            int gated = -1;
            if (PRODUCTS.contains(c.node().getOpType())) {
                for (int i = 0; i < c.node().getInputCount(); i++) {
                    live += c.needsGrad(i) ? 1 : 0;
                }
                if (live == 2 && c.node().getInputCount() == 2 && !c.node().getOpType().equals("Einsum")) {
                    gated = AttentionLrp.isGateOf(c, c.input(1), c.input(0)) ? 0
                            : AttentionLrp.isGateOf(c, c.input(0), c.input(1)) ? 1 : -1;
                }
            }
            for (Map.Entry<Integer, List<String>> e : parts.entrySet()) {
                int i = e.getKey();
                if (gated >= 0 && i != gated) {
                    continue;
                }
                List<String> gs = e.getValue();
                String g = gs.size() == 1 ? gs.get(0) : b.op("Sum", "lrp_c", gs);
                String x = c.input(i);
                String weight = inputRule == InputRule.SIGN && x.equals(modelInput) ? signMu(b, x, mu) : x;
                String r = b.op("Mul", "lrp_r", weight, g);
                if (live > 1 && gated < 0) {
                    r = b.op("Mul", "lrp_uniform", r, b.scalar(1.0 / live));
                }
                c.addInputGrad(i, r);
            }
        }
    }

    /** z + ε·sign(z) with sign(0) = +1; for ε = 0, z with exact zeros replaced by 1 (their numerators are 0). */
    static String stabilise(GraphBuilder b, String z, double epsilon) {
        if (epsilon == 0) {
            String zero = b.op("Cast", "lrp_zero", List.of(b.op("Equal", "lrp_is0", z, b.scalar(0))),
                    GraphBuilder.attr("to", (long) b.floatType()));
            return b.op("Add", "lrp_stab", z, zero);
        }
        // z + ε·sign(z) = (z − ε) + 2ε·[z ≥ 0]: one elementwise pass fewer than building sign(z) first
        String nonNegative = b.op("Cast", "lrp_nonneg", List.of(b.op("GreaterOrEqual", "lrp_ge0", z, b.scalar(0))),
                GraphBuilder.attr("to", (long) b.floatType()));
        return b.op("Add", "lrp_stab", b.op("Sub", "lrp_z_minus_eps", z, b.scalar(epsilon)),
                b.op("Mul", "lrp_two_eps", nonNegative, b.scalar(2 * epsilon)));
    }

    /** +1 where x ≥ μ, −1 elsewhere. */
    static String signMu(GraphBuilder b, String x, double mu) {
        String ge = b.op("Cast", "sign_ge", List.of(b.op("GreaterOrEqual", "sign_cmp", x, b.scalar(mu))),
                GraphBuilder.attr("to", (long) b.floatType()));
        return b.op("Sub", "sign", b.op("Mul", "sign_2", ge, b.scalar(2)), b.scalar(1));
    }
}
