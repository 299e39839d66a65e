package org.heatbench.methods.backward;

import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Gradients of the normalisations that transformers and their convolutional encoders use: LayerNormalization
 * (opset 17), InstanceNormalization (also the core of PyTorch's decomposed GroupNorm export at opsets below 18) and
 * GroupNormalization (opset 18 with per-group scale and bias, opset 21 with per-channel ones).
 *
 * <p>All three normalise x over a set of axes A (M values) with statistics of the record itself:
 * x̂ = (x − μ) · r, r = 1/√(σ² + ε), and the input gradient is
 * {@code dx = r · (ĝ − mean_A(ĝ) − x̂ · mean_A(ĝ · x̂))} with ĝ the gradient at x̂ (the incoming gradient times the
 * scale). μ, σ² and r are recomputed from x in the backward graph rather than read from the optional Mean /
 * InvStdDev outputs, which exporters omit. Normalising over the batch dimension would mix records and is refused.
 */
public final class LayerNormGradients {
    private LayerNormGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("LayerNormalization", c -> layerNorm(c, false))
                .with("InstanceNormalization", c -> instanceNorm(c, false))
                .with("GroupNormalization", c -> groupNorm(c, false));
    }

    /**
     * The same operators with the normalising factor r = 1/σ treated as a constant (detached), so that the map
     * x ↦ y is linear: dx = r · (ĝ − mean(ĝ)). Relevance rules wrap these (CP-LRP, Ali et al. ICML 2022; AttnLRP,
     * Achtibat et al. ICML 2024: the ε-rule through the centring and the identity rule through the division by σ).
     */
    public static RuleSet detachStatistics(RuleSet s) {
        return s.with("LayerNormalization", c -> layerNorm(c, true))
                .with("InstanceNormalization", c -> instanceNorm(c, true))
                .with("GroupNormalization", c -> groupNorm(c, true));
    }

    /** The statistics of a normalisation: x̂ and r, shaped like x (r with size 1 on the normalised axes). */
    record Normalized(String xhat, String r, long[] axes, long count) {
    }

    /** Emits x̂ and r of {@code x} normalised over {@code axes} ({@code count} values per group). */
    static Normalized normalize(GraphBuilder b, String x, long[] axes, long count, double eps) {
        String mu = mean(b, x, axes, count);
        String xc = b.op("Sub", "norm_xc", x, mu);
        String var = mean(b, b.op("Mul", "norm_xc2", xc, xc), axes, count);
        String r = b.op("Div", "norm_r", b.scalar(1), b.op("Sqrt", "norm_std", b.op("Add", "norm_var_eps", var,
                b.scalar(eps))));
        return new Normalized(b.op("Mul", "norm_xhat", xc, r), r, axes, count);
    }

    /** dx = r · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂)), or r · (ĝ − mean(ĝ)) with r detached. */
    static String backward(GraphBuilder b, Normalized n, String ghat, boolean detached) {
        String m1 = mean(b, ghat, n.axes(), n.count());
        if (detached) {
            return b.op("Mul", "grad_norm_detached", n.r(), b.op("Sub", "norm_g_m1", ghat, m1));
        }
        String m2 = mean(b, b.op("Mul", "norm_gx", ghat, n.xhat()), n.axes(), n.count());
        String inner = b.op("Sub", "norm_inner", b.op("Sub", "norm_g_m1", ghat, m1),
                b.op("Mul", "norm_xhat_m2", n.xhat(), m2));
        return b.op("Mul", "grad_norm", n.r(), inner);
    }

    /** Mean over static axes with keepdims, as ReduceSum × 1/count (ReduceMean takes axes as input only from 18). */
    static String mean(GraphBuilder b, String t, long[] axes, long count) {
        String s = b.op("ReduceSum", "norm_sum", List.of(t, b.longs(axes)), GraphBuilder.attr("keepdims", 1L));
        return b.op("Mul", "norm_mean", s, b.scalar(1.0 / count));
    }

    /** Axes {@code from..rank-1} and the number of values they hold; refuses the batch axis. */
    private static long[] trailingAxes(BackwardContext c, TensorInfo x, int from) {
        long[] axes = new long[x.rank() - from];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = from + i;
            if (x.isBatchDim(from + i)) {
                throw c.unsupported("normalising over the batch dimension mixes records");
            }
        }
        return axes;
    }

    private static long count(TensorInfo x, long[] axes) {
        long m = 1;
        for (long a : axes) {
            m *= x.dim((int) a);
        }
        return m;
    }

    private static void refuseStatisticsGrad(BackwardContext c) {
        for (int i = 1; i < c.node().getOutputCount(); i++) {
            if (c.outputGrad(i) != null) {
                throw c.unsupported("gradients through the Mean / InvStdDev outputs");
            }
        }
    }

    private static void layerNorm(BackwardContext c, boolean detached) {
        refuseStatisticsGrad(c);
        GraphBuilder b = c.builder();
        TensorInfo x = c.inputInfo(0);
        int axis = (int) GraphBuilder.intAttr(c.node(), "axis", -1);
        if (axis < 0) {
            axis += x.rank();
        }
        long[] axes = trailingAxes(c, x, axis);
        double eps = GraphBuilder.floatAttr(c.node(), "epsilon", 1e-5f);
        Normalized n = normalize(b, c.input(0), axes, count(x, axes), eps);
        String g = c.outputGrad(0);
        // Scale and B have the normalised axes' shape (or broadcast to it): they broadcast from the right
        if (c.needsGrad(0)) {
            c.addInputGrad(0, backward(b, n, b.op("Mul", "ln_ghat", g, c.input(1)), detached));
        }
        if (c.needsGrad(1)) {
            c.addInputGrad(1, ElementwiseGradients.unbroadcast(c, b.op("Mul", "grad_ln_scale", g, n.xhat()),
                    c.outputInfo(0), c.inputInfo(1)));
        }
        if (c.needsGrad(2)) {
            c.addInputGrad(2, ElementwiseGradients.unbroadcast(c, g, c.outputInfo(0), c.inputInfo(2)));
        }
    }

    /** [C] → [C, 1, ..., 1] (rank of x minus 1), to broadcast per channel. */
    private static String perChannel(GraphBuilder b, String v, int rank) {
        int trailing = rank - 2;
        if (trailing == 0) {
            return v;
        }
        long[] axes = new long[trailing];
        for (int i = 0; i < trailing; i++) {
            axes[i] = i + 1;
        }
        return b.op("Unsqueeze", "norm_per_channel", v, b.longs(axes));
    }

    private static void instanceNorm(BackwardContext c, boolean detached) {
        GraphBuilder b = c.builder();
        TensorInfo x = c.inputInfo(0);
        if (x.rank() < 3) {
            throw c.unsupported("InstanceNormalization needs an input of rank ≥ 3, got " + x);
        }
        long[] axes = trailingAxes(c, x, 2);
        double eps = GraphBuilder.floatAttr(c.node(), "epsilon", 1e-5f);
        Normalized n = normalize(b, c.input(0), axes, count(x, axes), eps);
        String g = c.outputGrad(0);
        if (c.needsGrad(0)) {
            String ghat = b.op("Mul", "in_ghat", g, perChannel(b, c.input(1), x.rank()));
            c.addInputGrad(0, backward(b, n, ghat, detached));
        }
        long[] notChannel = new long[x.rank() - 1];
        notChannel[0] = 0;
        System.arraycopy(axes, 0, notChannel, 1, axes.length);
        if (c.needsGrad(1)) {
            c.addInputGrad(1, b.op("ReduceSum", "grad_in_scale", List.of(b.op("Mul", "in_gx", g, n.xhat()),
                    b.longs(notChannel)), GraphBuilder.attr("keepdims", 0L)));
        }
        if (c.needsGrad(2)) {
            c.addInputGrad(2, b.op("ReduceSum", "grad_in_bias", List.of(g, b.longs(notChannel)),
                    GraphBuilder.attr("keepdims", 0L)));
        }
    }

    /**
     * x [N, C, ...] viewed as [N, G, C/G · spatial] and normalised over the last axis. Opset 18's scale and bias
     * hold one value per group, opset 21's one per channel; which applies is read off the scale's size.
     */
    private static void groupNorm(BackwardContext c, boolean detached) {
        GraphBuilder b = c.builder();
        TensorInfo x = c.inputInfo(0);
        long groups = GraphBuilder.intAttr(c.node(), "num_groups", -1);
        if (x.rank() < 3 || groups <= 0 || x.dim(1) % groups != 0) {
            throw c.unsupported("GroupNormalization with num_groups " + groups + " on input " + x);
        }
        if (c.needsGrad(1) || c.needsGrad(2)) {
            throw c.unsupported("gradients of GroupNormalization's scale and bias (decompose it for training)");
        }
        long m = x.dim(1) / groups;
        for (int i = 2; i < x.rank(); i++) {
            m *= x.dim(i);
        }
        double eps = GraphBuilder.floatAttr(c.node(), "epsilon", 1e-5f);
        String grouped = b.longs(0, groups, -1);
        String z = b.op("Reshape", "gn_z", c.input(0), grouped);
        Normalized n = normalize(b, z, new long[] {2}, m, eps);
        String g = c.outputGrad(0);
        long scaleSize = c.inputInfo(1).staticSize();
        String ghat;
        if (scaleSize == x.dim(1)) {
            ghat = b.op("Reshape", "gn_ghat", b.op("Mul", "gn_g_scale", g, perChannel(b, c.input(1), x.rank())),
                    grouped);
        } else if (scaleSize == groups) {
            ghat = b.op("Mul", "gn_ghat", b.op("Reshape", "gn_g", g, grouped),
                    b.op("Unsqueeze", "gn_scale_g", c.input(1), b.longs(1)));
        } else {
            throw c.unsupported("GroupNormalization scale of " + scaleSize + " values for " + x.dim(1)
                    + " channels in " + groups + " groups");
        }
        c.addInputGrad(0, b.op("Reshape", "grad_gn", backward(b, n, ghat, detached), c.shapeOf(c.input(0))));
    }
}
