package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_LINEAR;
import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.f;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.heatbench.methods.backward.TestGraph.s;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.function.Function;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks (float64, except the float32 Cast round trip) of the value-moving operators: Flatten,
 * Reshape, Squeeze, Unsqueeze, Transpose, Concat, Split, Slice (steps, negative indices), Pad (constant with
 * cropping, reflect, edge), Identity, Dropout, Gather, Expand, Cast — each followed by a pointwise nonlinearity
 * or a weighting so that a misplaced gradient value changes the result — and the shape-only subgraph of PyTorch's
 * {@code x.view(x.size(0), -1)}, which must pass through as non-differentiable.
 */
class ShapeGradientTest {
    private static final long[] ITEM = {3, 4};
    private static final long INT64_MAX = Long.MAX_VALUE;

    /** Position-dependent weights: a value routed to the wrong position gets the wrong factor. */
    private static String weigh(TestGraph g, String t, long... dims) {
        return g.op("Mul", t, g.weight(1, dims));
    }

    @Test
    void flattenReshapeSqueezeUnsqueeze() {
        verify("flatten", F64, ITEM, g -> weigh(g, g.op("Flatten", g.input()), 12));
        verify("flatten axis 1 4-d", F64, new long[] {2, 3, 2}, g -> weigh(g, g.op("Flatten", List.of(g.input()),
                i("axis", 1)), 12));
        verify("reshape 0,4,3", F64, ITEM, g -> weigh(g, g.op("Reshape", g.input(), g.longs(0, 4, 3)), 4, 3));
        verify("reshape -1,2,6", F64, ITEM, g -> weigh(g, g.op("Reshape", g.input(), g.longs(-1, 2, 6)), 2, 6));
        verify("squeeze", F64, new long[] {3, 1, 4},
                g -> weigh(g, g.op("Squeeze", g.input(), g.longs(2)), 3, 4));
        verify("squeeze negative axis", F64, new long[] {3, 4, 1},
                g -> weigh(g, g.op("Squeeze", g.input(), g.longs(-1)), 3, 4));
        verify("unsqueeze", F64, ITEM, g -> weigh(g, g.op("Unsqueeze", g.input(), g.longs(1, -1)), 1, 3, 4, 1));
    }

    @Test
    void transpose() {
        verify("transpose 0,2,1", F64, ITEM,
                g -> weigh(g, g.op("Transpose", List.of(g.input()), ints("perm", 0, 2, 1)), 4, 3));
        verify("transpose 0,3,1,2", F64, new long[] {2, 3, 4},
                g -> weigh(g, g.op("Transpose", List.of(g.input()), ints("perm", 0, 3, 1, 2)), 4, 2, 3));
        // default perm reverses all axes (batch last); a second one restores the layout
        verify("transpose default perm", F64, ITEM,
                g -> g.op("Transpose", weigh(g, g.op("Transpose", g.input()), 4, 3, 1)));
    }

    @Test
    void concat() {
        verify("concat axis 1", F64, ITEM, g -> weigh(g, g.op("Concat", List.of(g.input(), g.op("Tanh", g.input())),
                i("axis", 1)), 6, 4));
        verify("concat axis -1 three inputs", F64, ITEM, g -> weigh(g, g.op("Concat", List.of(g.input(),
                g.op("Sigmoid", g.input()), g.input()), i("axis", -1)), 3, 12));
        // an input that does not depend on x (a constant expanded to the batch) gets no gradient
        verify("concat with constant part", F64, ITEM, g -> {
            String c = g.op("Expand", g.weight(1, 1, 2, 4), g.op("Concat", List.of(g.op("Slice", g.op("Shape",
                    g.input()), g.longs(0), g.longs(1)), g.longs(2, 4)), i("axis", 0)));
            return weigh(g, g.op("Concat", List.of(c, g.input()), i("axis", 1)), 5, 4);
        });
    }

    @Test
    void split() {
        long[] item = {6, 4};
        verify("split 2,4", F64, item, g -> {
            String[] p = g.opN("Split", List.of(g.input(), g.longs(2, 4)), 2, i("axis", 1));
            return g.op("Concat", List.of(g.op("Sigmoid", p[1]), weigh(g, p[0], 2, 4)), i("axis", 1));
        });
        // equal split into three along the last axis, the middle part unused: zeros flow back there
        verify("split unused output", F64, new long[] {2, 6}, g -> {
            String[] p = g.opN("Split", List.of(g.input()), 3, i("axis", -1));
            return g.op("Sub", g.op("Tanh", p[0]), weigh(g, p[2], 2, 2));
        });
    }

    @Test
    void slice() {
        long[] item = {4, 6};
        verify("slice", F64, item, g -> weigh(g, g.op("Slice", g.input(), g.longs(1, 2), g.longs(3, 5),
                g.longs(1, 2)), 2, 3));
        verify("slice steps", F64, item, g -> weigh(g, g.op("Slice", g.input(), g.longs(1, 0), g.longs(4, 6),
                g.longs(2, 1), g.longs(1, 2)), 2, 3));
        verify("slice step 3 negative start", F64, item, g -> weigh(g, g.op("Slice", g.input(), g.longs(-5),
                g.longs(INT64_MAX), g.longs(-1), g.longs(3)), 4, 2));
        verify("slice negative end, no axes input", F64, item, g -> weigh(g, g.op("Slice", g.input(),
                g.longs(0, 1, 1), g.longs(INT64_MAX, -1, -2)), 2, 3));
        verify("slice end beyond size", F64, item, g -> weigh(g, g.op("Slice", g.input(), g.longs(2),
                g.longs(100), g.longs(2)), 4, 4));
    }

    @Test
    void padConstant() {
        // summed along the last axis so that the first and last rows mix padding and input values
        verify("pad constant", F64, ITEM, g -> g.op("ReduceSum", List.of(weigh(g, g.op("Pad", g.input(),
                g.longs(0, 1, 2, 0, 0, 1)), 4, 7), g.longs(2)), i("keepdims", 0)));
        verify("pad constant value", F64, ITEM, g -> g.op("ReduceSum", List.of(g.op("Sigmoid", g.op("Pad",
                g.input(), g.longs(0, 2, 0, 0, 1, 3), g.scalar(0.7))), g.longs(1)), i("keepdims", 0)));
        verify("pad negative crops", F64, ITEM, g -> weigh(g, g.op("Pad", g.input(), g.longs(0, -1, 2, 0, 0, -1)),
                2, 5));
        verifyAtOpset(18, "pad axes input", F64, ITEM, g -> g.op("ReduceSum", List.of(weigh(g, g.op("Pad",
                g.input(), g.longs(1, 2), g.scalar(0), g.longs(-1)), 3, 7), g.longs(-1))));
    }

    @Test
    void padReflectAndEdge() {
        verify("pad reflect", F64, ITEM, g -> weigh(g, g.op("Pad", List.of(g.input(), g.longs(0, 0, 2, 0, 0, 3)),
                s("mode", "reflect")), 3, 9));
        verify("pad edge", F64, ITEM, g -> weigh(g, g.op("Pad", List.of(g.input(), g.longs(0, 0, 1, 0, 0, 3)),
                s("mode", "edge")), 3, 8));
        verify("pad reflect axis 1", F64, ITEM, g -> weigh(g, g.op("Pad", List.of(g.input(),
                g.longs(0, 1, 0, 0, 2, 0)), s("mode", "reflect")), 6, 4));
    }

    /** ReflectionPad2d / ReplicationPad2d export one Pad over both spatial axes. */
    @Test
    void padReflectAndEdgeTwoAxes() {
        long[] item = {2, 4, 5};
        verify("pad reflect 2 axes", F64, item, g -> weigh(g, g.op("Pad", List.of(g.input(),
                g.longs(0, 0, 1, 2, 0, 0, 2, 1)), s("mode", "reflect")), 2, 7, 8));
        verify("pad edge 2 axes", F64, item, g -> weigh(g, g.op("Pad", List.of(g.input(),
                g.longs(0, 0, 2, 0, 0, 0, 1, 3)), s("mode", "edge")), 2, 7, 8));
    }

    @Test
    void identityAndDropout() {
        verify("identity", F64, ITEM, g -> weigh(g, g.op("Identity", g.input()), 3, 4));
        verify("dropout inference", F64, ITEM, g -> weigh(g, g.op("Dropout", g.input(), g.scalar(0.5)), 3, 4));
        verify("dropout training_mode false", F64, ITEM, g -> {
            String mode = g.op("Constant", List.of(), GraphBuilder.attrTensor("value",
                    TensorProtos.ofLongs("", new long[0], new long[] {0}).toBuilder().setDataType(TensorProtos.BOOL)
                            .clearRawData().addInt32Data(0).build()));
            return weigh(g, g.opN("Dropout", List.of(g.input(), g.scalar(0.3), mode), 2)[0], 3, 4);
        });
    }

    @Test
    void gather() {
        verify("gather repeated indices", F64, ITEM, g -> weigh(g, g.op("Gather", List.of(g.input(),
                g.longs(2, 0, 2, 2)), i("axis", 1)), 4, 4));
        verify("gather negative index last axis", F64, ITEM, g -> weigh(g, g.op("Gather", List.of(g.input(),
                g.longs(-1, 1)), i("axis", 2)), 3, 2));
        verify("gather scalar index", F64, ITEM, g -> weigh(g, g.op("Gather", List.of(g.input(),
                g.longsShaped(new long[0], 1)), i("axis", 1)), 4));
    }

    @Test
    void expand() {
        verify("expand", F64, new long[] {1, 4}, g -> weigh(g, g.op("Expand", g.input(), g.longs(1, 3, 4)), 3, 4));
        verify("expand two axes", F64, new long[] {3, 1, 1}, g -> weigh(g, g.op("Expand", g.input(),
                g.longs(3, 2, 4)), 3, 2, 4));
    }

    @Test
    void cast() {
        verify("cast to same type", F64, ITEM,
                g -> weigh(g, g.op("Cast", List.of(g.input()), i("to", TensorProtos.DOUBLE)), 3, 4));
        // float32 → float64 → float32 around affine ops: the gradient casts back to each producer's type
        verify("cast round trip", F32_LINEAR, ITEM, g -> weigh(g, g.op("Cast", List.of(g.op("ReduceSum",
                List.of(g.op("Cast", List.of(g.input()), i("to", TensorProtos.DOUBLE)), g.longs(2)))),
                i("to", TensorProtos.FLOAT)), 3, 1));
    }

    /**
     * PyTorch's {@code x.view(x.size(0), -1)}: Shape → Gather → Unsqueeze → Concat → Reshape, with Constant nodes
     * and a Cast on the integer path. The shape path carries no gradient: its nodes get no backward rule applied.
     */
    @Test
    void shapeOnlySubgraphPassesThrough() {
        OnnxModel model = GradientCheck.build("view flatten", F64, ITEM, g -> {
            String h = g.op("Tanh", g.input());
            String zero = g.op("Constant", List.of(), GraphBuilder.attrTensor("value",
                    TensorProtos.ofLongs("", new long[0], new long[] {0})));
            String minus1 = g.op("Constant", List.of(), GraphBuilder.attrTensor("value",
                    TensorProtos.ofLongs("", new long[] {1}, new long[] {-1})));
            String n = g.op("Gather", List.of(g.op("Shape", h), zero), i("axis", 0));
            String n1 = g.op("Cast", List.of(g.op("Unsqueeze", n, g.longs(0))), i("to", TensorProtos.INT64));
            String shape = g.op("Concat", List.of(n1, minus1), i("axis", 0));
            String flat = g.op("Reshape", h, shape);
            return g.op("Gemm", List.of(flat, g.weight(1, 3, 12), g.weight(1, 3)), i("transB", 1), f("alpha", 1));
        });
        GradientCheck.verify(model, F64, ITEM, GradientCheck.uniform(8, 24));
        CompiledGradient cg = BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of());
        List<String> backward = cg.model().graph().getNodeList().stream().filter(n -> n.getName().startsWith("hb/"))
                .map(NodeProto::getOpType).toList();
        assertFalse(backward.contains("ScatterElements"), "the integer Gather got a gradient: " + backward);
    }

    private static void verifyAtOpset(long opset, String name, GradientCheck.Precision p, long[] item,
            Function<TestGraph, String> body) {
        OnnxModel model = GradientCheck.build(name, p, opset, item, body);
        GradientCheck.verify(model, p, item, GradientCheck.uniform(name.hashCode(), 2 * GradientCheck.size(item)));
    }
}
