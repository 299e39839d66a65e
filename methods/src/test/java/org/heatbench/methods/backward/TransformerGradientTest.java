package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_SMOOTH;
import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.f;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.heatbench.methods.backward.TestGraph.s;

import java.util.List;
import java.util.function.Function;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the operators PyTorch transformer exports emit (opsets 13–21): LayerNormalization,
 * InstanceNormalization, GroupNormalization (opset 18 per-group and opset 21 per-channel affine, and PyTorch's
 * decomposed Reshape–InstanceNormalization–Reshape form), Erf, Gelu (exact and tanh, opset 20, and their
 * decompositions), Pow, Reciprocal, ReduceMax/ReduceMin, Einsum, Tile, CumSum, Trilu. float64 where ONNX Runtime's
 * CPU provider has float64 kernels; InstanceNormalization, Erf and Gelu have float32 kernels only, so those cases run
 * in float32 with the smooth-function tolerance ({@link GradientCheck.Precision#F32_SMOOTH}).
 * Attention itself (several heads, masks, two live MatMul operands) is in {@link AttentionGradientTest}.
 */
class TransformerGradientTest {
    private static final long[] ITEM = {3, 4};

    /** Position-dependent weights, so that a gradient routed to the wrong element is caught. */
    private static String weigh(TestGraph g, String t, long... dims) {
        return g.op("Mul", t, g.weight(1, dims));
    }

    @Test
    void layerNormalization() {
        verify("layernorm last axis", F64, ITEM, g -> weigh(g, g.op("LayerNormalization",
                List.of(g.input(), g.weightIn(0.5, 1.5, 4), g.weight(1, 4)), i("axis", -1)), 3, 4));
        verify("layernorm two axes eps", F64, ITEM, g -> weigh(g, g.op("LayerNormalization",
                List.of(g.input(), g.weightIn(0.5, 1.5, 3, 4)), i("axis", 1), f("epsilon", 0.1)), 3, 4));
        verify("layernorm rank 4 no bias", F64, new long[] {2, 3, 4}, g -> weigh(g, g.op("LayerNormalization",
                List.of(g.op("Tanh", g.input()), g.weightIn(-1, 1, 4)), i("axis", 3)), 2, 3, 4));
    }

    @Test
    void instanceNormalization() {
        verify("instancenorm 1d", F32_SMOOTH, new long[] {3, 6}, g -> weigh(g, g.op("InstanceNormalization",
                List.of(g.input(), g.weightIn(0.5, 1.5, 3), g.weight(1, 3))), 3, 6));
        verify("instancenorm 2d eps", F32_SMOOTH, new long[] {2, 3, 3}, g -> weigh(g, g.op("InstanceNormalization",
                List.of(g.input(), g.weightIn(-1.5, 1.5, 2), g.weight(1, 2)), f("epsilon", 0.01)), 2, 3, 3));
    }

    /** torch.nn.GroupNorm below opset 18: Reshape [N, G, -1] → InstanceNormalization(1, 0) → Reshape → affine. */
    @Test
    void groupNormalizationDecomposed() {
        verify("groupnorm decomposed", F32_SMOOTH, new long[] {4, 5}, g -> {
            String z = g.op("Reshape", g.input(), g.longs(0, 2, -1));
            String n = g.op("InstanceNormalization", List.of(z, g.constant(new long[] {2}, 1, 1),
                    g.constant(new long[] {2}, 0, 0)), f("epsilon", 1e-5));
            String back = g.op("Reshape", n, g.op("Shape", g.input()));
            return weigh(g, g.op("Add", g.op("Mul", back, g.weightIn(0.5, 1.5, 4, 1)), g.weight(1, 4, 1)), 4, 5);
        });
    }

    @Test
    void groupNormalizationOpset18And21() {
        verifyAtOpset(18, "groupnorm opset 18 per group", F64, new long[] {4, 5}, g -> weigh(g, g.op(
                "GroupNormalization", List.of(g.input(), g.weightIn(0.5, 1.5, 2), g.weight(1, 2)),
                i("num_groups", 2)), 4, 5));
        // opset 21's default stash_type computes the statistics in float32 even for float64 inputs
        verifyAtOpset(21, "groupnorm opset 21 per channel", F32_SMOOTH, new long[] {6, 3}, g -> weigh(g, g.op(
                "GroupNormalization", List.of(g.input(), g.weightIn(0.5, 1.5, 6), g.weight(1, 6)),
                i("num_groups", 3), f("epsilon", 1e-3)), 6, 3));
    }

    @Test
    void erfAndGelu() {
        verify("erf", F32_SMOOTH, ITEM, g -> weigh(g, g.op("Erf", g.op("Mul", g.input(), g.scalar(1.3))), 3, 4));
        // PyTorch's exact GELU below opset 20: x · 0.5 · (1 + erf(x / √2)), emitted as Div, Erf, Add, Mul, Mul
        verify("gelu exact decomposed", F32_SMOOTH, ITEM, g -> {
            String x = g.input();
            String e = g.op("Erf", g.op("Div", x, g.scalar(Math.sqrt(2))));
            return weigh(g, g.op("Mul", g.op("Mul", x, g.op("Add", e, g.scalar(1))), g.scalar(0.5)), 3, 4);
        });
        // tanh GELU below opset 20: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))), with Pow(x, 3)
        verify("gelu tanh decomposed", F64, ITEM, g -> {
            String x = g.op("Mul", g.input(), g.scalar(2));
            String cube = g.op("Mul", g.op("Pow", x, g.scalar(3)), g.scalar(0.044715));
            String t = g.op("Tanh", g.op("Mul", g.op("Add", x, cube), g.scalar(Math.sqrt(2 / Math.PI))));
            return weigh(g, g.op("Mul", g.op("Mul", x, g.scalar(0.5)), g.op("Add", t, g.scalar(1))), 3, 4);
        });
        verifyAtOpset(20, "gelu opset 20 exact", F32_SMOOTH, ITEM, g -> weigh(g, g.op("Gelu",
                g.op("Mul", g.input(), g.scalar(2))), 3, 4));
        verifyAtOpset(20, "gelu opset 20 tanh", F32_SMOOTH, ITEM, g -> weigh(g, g.op("Gelu",
                List.of(g.op("Mul", g.input(), g.scalar(2))), s("approximate", "tanh")), 3, 4));
    }

    @Test
    void powAndReciprocal() {
        // bases in [1, 3]: fractional exponents stay real
        verify("pow scalar 2.5", F64, ITEM, g -> weigh(g, g.op("Pow", g.op("Add", g.input(), g.scalar(2)),
                g.scalar(2.5)), 3, 4));
        verify("pow int64 exponent", F64, ITEM, g -> weigh(g, g.op("Pow", g.input(), g.longsShaped(new long[0], 3)),
                3, 4));
        verify("pow broadcast exponent", F64, ITEM, g -> g.op("Pow", g.op("Add", g.input(), g.scalar(2)),
                g.weightIn(-2, 2, 3, 1)));
        verify("reciprocal", F64, ITEM, g -> weigh(g, g.op("Reciprocal", g.op("Add", g.input(), g.scalar(2))), 3, 4));
        // LayerNorm as exported before opset 17: ReduceMean, Sub, Pow 2, ReduceMean, Add, Sqrt, Div
        verify("layernorm decomposed", F64, ITEM, g -> {
            String mu = g.op("ReduceMean", List.of(g.input()), ints("axes", -1));
            String xc = g.op("Sub", g.input(), mu);
            String var = g.op("ReduceMean", List.of(g.op("Pow", xc, g.scalar(2))), ints("axes", -1));
            String std = g.op("Sqrt", g.op("Add", var, g.scalar(1e-5)));
            return weigh(g, g.op("Div", xc, std), 3, 4);
        });
    }

    @Test
    void reduceMaxAndMin() {
        double[] x = GradientCheck.distinct(5, 2 * 12);
        verify("reducemax axis -1 keepdims", F64, ITEM, x, g -> weigh(g, g.op("ReduceMax", List.of(g.input()),
                ints("axes", -1)), 3, 1));
        verify("reducemax axes 1,2", F64, ITEM, x, g -> g.op("ReduceMax", List.of(weigh(g, g.input(), 3, 4)),
                ints("axes", 2, 1), i("keepdims", 0)));
        verify("reducemin axis 1 no keepdims", F64, ITEM, x, g -> weigh(g, g.op("ReduceMin", List.of(g.input()),
                ints("axes", 1), i("keepdims", 0)), 4));
        OnnxModel m = GradientCheck.build("reducemax axes input", F64, 18, ITEM, g -> weigh(g,
                g.op("ReduceMax", List.of(g.input(), g.longs(1)), i("keepdims", 0)), 4));
        GradientCheck.verify(m, F64, ITEM, x);
    }

    @Test
    void einsum() {
        long[] item = {2, 3, 4};
        verify("einsum bid,bjd->bij", F64, item, g -> weigh(g, g.op("Einsum", List.of(g.op("Reshape", g.input(),
                g.longs(0, 6, 4)), g.op("Tanh", g.op("Reshape", g.input(), g.longs(0, 6, 4)))),
                s("equation", "bid,bjd->bij")), 6, 6));
        verify("einsum bhij,bhjd->bhid", F64, item, g -> weigh(g, g.op("Einsum", List.of(
                g.op("Softmax", g.op("Einsum", List.of(g.input(), g.input()), s("equation", "bhid,bhjd->bhij"))),
                g.op("Sigmoid", g.input())), s("equation", "bhij,bhjd->bhid")), 2, 3, 4));
        verify("einsum ellipsis", F64, item, g -> weigh(g, g.op("Einsum", List.of(g.input(), g.weight(1, 4, 5)),
                s("equation", "...d,de->...e")), 2, 3, 5));
        verify("einsum implicit", F64, item, g -> g.op("Einsum", List.of(g.weight(1, 3), g.input()),
                s("equation", "j,bijk")));
        verify("einsum sum over lonely index", F64, item, g -> weigh(g, g.op("Einsum", List.of(g.input()),
                s("equation", "bhij->bhj")), 2, 4));
    }

    @Test
    void tileCumSumTrilu() {
        verify("tile", F64, ITEM, g -> weigh(g, g.op("Tile", g.input(), g.longs(1, 2, 3)), 6, 12));
        verify("tile heads", F64, ITEM, g -> weigh(g, g.op("Tile", g.op("Unsqueeze", g.input(), g.longs(1)),
                g.longs(1, 2, 1, 1)), 2, 3, 4));
        verify("cumsum axis 2", F64, ITEM, g -> weigh(g, g.op("CumSum", g.input(), g.longsShaped(new long[0], 2)),
                3, 4));
        verify("cumsum reverse exclusive", F64, ITEM, g -> weigh(g, g.op("CumSum", List.of(g.input(),
                g.longsShaped(new long[0], -2)), i("reverse", 1), i("exclusive", 1)), 3, 4));
        verify("trilu upper", F64, ITEM, g -> weigh(g, g.op("Trilu", g.op("Tanh", g.input())), 3, 4));
        verify("trilu lower k", F64, ITEM, g -> weigh(g, g.op("Trilu", List.of(g.input(),
                g.longsShaped(new long[0], 1)), i("upper", 0)), 3, 4));
    }

    private static void verifyAtOpset(long opset, String name, GradientCheck.Precision p, long[] item,
            Function<TestGraph, String> body) {
        OnnxModel model = GradientCheck.build(name, p, opset, item, body);
        GradientCheck.verify(model, p, item, GradientCheck.uniform(name.hashCode(), 2 * GradientCheck.size(item)));
    }
}
