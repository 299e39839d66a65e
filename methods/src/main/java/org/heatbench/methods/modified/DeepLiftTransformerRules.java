package org.heatbench.methods.modified;

import java.util.List;
import java.util.function.BiFunction;
import org.heatbench.methods.backward.BackwardContext;
import org.heatbench.methods.backward.BackwardRule;
import org.heatbench.methods.backward.TensorInfo;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * DeepLIFT multipliers for Softmax and the record-wise normalisations (LayerNormalization, InstanceNormalization),
 * built from exact two-point rules so that summation-to-delta (Σ m·Δx = Δy) holds through them:
 * <ul>
 *   <li>Rescale Δφ/Δx for pointwise maps (exp, the normaliser h(v) = (v + ε)^−½), falling back to φ' where
 *       |Δx| < 1e-10;</li>
 *   <li>products a·b by the symmetric (two-player Shapley) rule Δ(ab) = ā Δb + b̄ Δa, ā = (a + a₀)/2;</li>
 *   <li>quotients a/b: Δ(a/b) = ½(1/b + 1/b₀) Δa − ½(a + a₀)/(b b₀) Δb, also exact;</li>
 *   <li>squares: Δ(u²) = (u + u₀) Δu.</li>
 * </ul>
 * Softmax y = e/Σe with e = exp(x − k), k = max(rowmax x, rowmax x₀) shared by input and baseline (a common shift
 * cancels in y and y₀ and keeps exp finite); masked entries (−∞ in both) get multiplier 0. LayerNorm
 * y = γ · (x − μ) · h(v) + β, v = mean((x − μ)²): the multiplier of x is m − mean(m) over the normalised axes with
 * m = ĝ·h̄ + m_v·(xc + xc₀)/M, m_v = Δh/Δv · Σ ĝ·x̄c, ĝ = g·γ. The baseline's values come from
 * {@code baseline.apply(c, tensor)} (DeepLIFT's embedded baseline activations).
 */
final class DeepLiftTransformerRules {
    private static final double EPS = DeepLiftRules.EPS;

    private DeepLiftTransformerRules() {
    }

    static BackwardRule softmax(BiFunction<BackwardContext, String, String> baseline) {
        return c -> {
            GraphBuilder b = c.builder();
            long axis = GraphBuilder.intAttr(c.node(), "axis", -1);
            String x = c.input(0);
            String x0 = baseline.apply(c, x);
            String ax = b.longs(axis);
            String k = b.op("Max", "dl_sm_k", rowMax(c, x, axis), rowMax(c, x0, axis));
            String e = b.op("Exp", "dl_sm_e", b.op("Sub", "dl_sm_xk", x, k));
            String e0 = b.op("Exp", "dl_sm_e0", b.op("Sub", "dl_sm_x0k", x0, k));
            String s = rowSum(b, e, ax);
            String s0 = rowSum(b, e0, ax);
            String g = c.outputGrad(0);
            String half = b.scalar(0.5);
            // to e directly: ½(1/S + 1/S₀); to S: −½ Σ g (e + e₀) / (S S₀), shared by every e of the row
            String inv = b.op("Mul", "dl_sm_inv", half, b.op("Add", "dl_sm_invs", b.op("Reciprocal", "dl_sm_r", s),
                    b.op("Reciprocal", "dl_sm_r0", s0)));
            String ms = b.op("Div", "dl_sm_ms", rowSum(b, b.op("Mul", "dl_sm_ge", g, b.op("Add", "dl_sm_ee",
                    e, e0)), ax), b.op("Mul", "dl_sm_ss", b.op("Mul", "dl_sm_ss0", s, s0), b.scalar(-2)));
            String me = b.op("Add", "dl_sm_me", b.op("Mul", "dl_sm_gi", g, inv), ms);
            c.addInputGrad(0, b.op("Mul", "grad_dl_softmax", me, rescale(b, x, x0, e, e0, e)));
        };
    }

    /** (φ − φ₀)/(x − x₀), or {@code local} where |x − x₀| < ε or x − x₀ is NaN (−∞ in both: masked). */
    private static String rescale(GraphBuilder b, String x, String x0, String y, String y0, String local) {
        String dxRaw = b.op("Sub", "dl_dx", x, x0);
        String nan = b.op("IsNaN", "dl_dx_nan", dxRaw);
        String dx = b.op("Where", "dl_dx_safe", nan, b.scalar(0), dxRaw);
        String small = b.op("Cast", "dl_small", List.of(b.op("Less", "dl_small_b", b.op("Abs", "dl_adx", dx),
                b.scalar(EPS))), GraphBuilder.attr("to", (long) b.floatType()));
        String dy = b.op("Where", "dl_dy_safe", nan, b.scalar(0), b.op("Sub", "dl_dy", y, y0));
        String num = b.op("Add", "dl_num", dy, b.op("Mul", "dl_fallback", small, local));
        return b.op("Div", "dl_m", num, b.op("Add", "dl_den", dx, small));
    }

    /** ReduceMax over one axis, keepdims: axes are an attribute before opset 18, an input from 18 on. */
    private static String rowMax(BackwardContext c, String t, long axis) {
        GraphBuilder b = c.builder();
        if (c.analysis().model().opset() >= 18) {
            return b.op("ReduceMax", "dl_rowmax", List.of(t, b.longs(axis)), GraphBuilder.attr("keepdims", 1L));
        }
        return b.op("ReduceMax", "dl_rowmax", List.of(t), GraphBuilder.attrInts("axes", axis),
                GraphBuilder.attr("keepdims", 1L));
    }

    private static String rowSum(GraphBuilder b, String t, String axis) {
        return b.op("ReduceSum", "dl_rowsum", List.of(t, axis), GraphBuilder.attr("keepdims", 1L));
    }

    static BackwardRule normalization(BiFunction<BackwardContext, String, String> baseline) {
        return c -> {
            GraphBuilder b = c.builder();
            TensorInfo xi = c.inputInfo(0);
            boolean layer = c.node().getOpType().equals("LayerNormalization");
            int from = layer ? (int) GraphBuilder.intAttr(c.node(), "axis", -1) : 2;
            if (from < 0) {
                from += xi.rank();
            }
            long[] axes = new long[xi.rank() - from];
            long count = 1;
            for (int i = 0; i < axes.length; i++) {
                axes[i] = from + i;
                if (xi.isBatchDim(from + i)) {
                    throw c.unsupported("normalising over the batch dimension mixes records");
                }
                count *= xi.dim(from + i);
            }
            if (c.needsGrad(1) || c.needsGrad(2)) {
                throw c.unsupported("scale or bias depending on the input");
            }
            double eps = GraphBuilder.floatAttr(c.node(), "epsilon", 1e-5f);
            String x = c.input(0);
            String[] st = stats(b, x, axes, count, eps);
            String[] st0 = stats(b, baseline.apply(c, x), axes, count, eps);
            String scale = c.input(1);
            if (!layer && xi.rank() > 2) {
                long[] u = new long[xi.rank() - 2];
                for (int i = 0; i < u.length; i++) {
                    u[i] = i + 1;
                }
                scale = b.op("Unsqueeze", "dl_ln_scale", scale, b.longs(u));
            }
            String half = b.scalar(0.5);
            String ghat = b.op("Mul", "dl_ln_ghat", c.outputGrad(0), scale);
            String rbar = b.op("Mul", "dl_ln_rbar", b.op("Add", "dl_ln_rr", st[2], st0[2]), half);
            String xcsum = b.op("Add", "dl_ln_xcsum", st[0], st0[0]);
            String mr = b.op("ReduceSum", "dl_ln_mr", List.of(b.op("Mul", "dl_ln_gx", ghat, b.op("Mul", "dl_ln_xcbar",
                    xcsum, half)), b.longs(axes)), GraphBuilder.attr("keepdims", 1L));
            // h(v) = (v + ε)^−½, h'(v) = −½ h³
            String h3 = b.op("Mul", "dl_ln_h3", st[2], b.op("Mul", "dl_ln_h2", st[2], st[2]));
            String local = b.op("Mul", "dl_ln_dh", h3, b.scalar(-0.5));
            String mv = b.op("Mul", "dl_ln_mv", mr, rescale(b, st[1], st0[1], st[2], st0[2], local));
            String mxc = b.op("Add", "dl_ln_mxc", b.op("Mul", "dl_ln_m1", ghat, rbar),
                    b.op("Mul", "dl_ln_m2", mv, b.op("Mul", "dl_ln_xcm", xcsum, b.scalar(1.0 / count))));
            String mean = b.op("Mul", "dl_ln_mean", b.op("ReduceSum", "dl_ln_msum", List.of(mxc, b.longs(axes)),
                    GraphBuilder.attr("keepdims", 1L)), b.scalar(1.0 / count));
            c.addInputGrad(0, b.op("Sub", "grad_dl_norm", mxc, mean));
        };
    }

    /** {xc, v, h}: the centred input, its variance and (v + ε)^−½ over {@code axes}. */
    private static String[] stats(GraphBuilder b, String x, long[] axes, long count, double eps) {
        String mu = b.op("Mul", "dl_ln_mu", b.op("ReduceSum", "dl_ln_sum", List.of(x, b.longs(axes)),
                GraphBuilder.attr("keepdims", 1L)), b.scalar(1.0 / count));
        String xc = b.op("Sub", "dl_ln_xc", x, mu);
        String v = b.op("Mul", "dl_ln_v", b.op("ReduceSum", "dl_ln_sq", List.of(b.op("Mul", "dl_ln_xc2", xc, xc),
                b.longs(axes)), GraphBuilder.attr("keepdims", 1L)), b.scalar(1.0 / count));
        String h = b.op("Div", "dl_ln_h", b.scalar(1), b.op("Sqrt", "dl_ln_std", b.op("Add", "dl_ln_veps", v,
                b.scalar(eps))));
        return new String[] {xc, v, h};
    }
}
