package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;

import java.util.List;
import java.util.function.Function;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks (float64) of ReduceMean and ReduceSum (axes as attribute and as input, negative and
 * unsorted axes, keepdims 0 and 1, noop_with_empty_axes), Softmax and LogSoftmax along the last and a middle axis.
 * The input is first weighted element-wise so that a gradient spread to the wrong positions is caught.
 */
class ReduceGradientTest {
    private static final long[] ITEM = {3, 4};

    private static String weighted(TestGraph g) {
        return g.op("Mul", g.input(), g.weight(1, 3, 4));
    }

    @Test
    void reduceMean() {
        verify("reducemean axis 2 keepdims", F64, ITEM,
                g -> g.op("ReduceMean", List.of(weighted(g)), ints("axes", 2), i("keepdims", 1)));
        verify("reducemean axes 1,2 no keepdims", F64, ITEM,
                g -> g.op("ReduceMean", List.of(weighted(g)), ints("axes", 1, 2), i("keepdims", 0)));
        verify("reducemean axis -2 no keepdims", F64, ITEM,
                g -> g.op("ReduceMean", List.of(weighted(g)), ints("axes", -2), i("keepdims", 0)));
        verifyAtOpset(18, "reducemean axes input", ITEM,
                g -> g.op("ReduceMean", List.of(weighted(g), g.longs(1)), i("keepdims", 0)));
    }

    @Test
    void reduceSum() {
        verify("reducesum axis 1 keepdims", F64, ITEM,
                g -> g.op("ReduceSum", List.of(weighted(g), g.longs(1)), i("keepdims", 1)));
        verify("reducesum axis 1 no keepdims", F64, ITEM,
                g -> g.op("ReduceSum", List.of(weighted(g), g.longs(1)), i("keepdims", 0)));
        verify("reducesum unsorted axes 2,1 no keepdims", F64, new long[] {2, 3, 4},
                g -> g.op("ReduceSum", List.of(g.op("Tanh", g.input()), g.longs(2, -1)), i("keepdims", 0)));
        verify("reducesum default keepdims", F64, ITEM, g -> g.op("ReduceSum", weighted(g), g.longs(-1)));
        verify("reducesum noop with empty axes", F64, ITEM,
                g -> g.op("ReduceSum", List.of(weighted(g)), i("noop_with_empty_axes", 1)));
    }

    @Test
    void softmax() {
        verify("softmax last axis", F64, ITEM, g -> g.op("Softmax", g.op("Mul", g.input(), g.scalar(3))));
        verify("softmax axis 1", F64, ITEM,
                g -> g.op("Softmax", List.of(g.op("Mul", g.input(), g.scalar(3))), i("axis", 1)));
        verify("softmax 2-d", F64, new long[] {6}, g -> g.op("Softmax", weighted6(g)));
    }

    @Test
    void logSoftmax() {
        verify("logsoftmax last axis", F64, ITEM, g -> g.op("LogSoftmax", g.op("Mul", g.input(), g.scalar(3))));
        verify("logsoftmax axis 1", F64, ITEM,
                g -> g.op("LogSoftmax", List.of(g.op("Mul", g.input(), g.scalar(3))), i("axis", 1)));
        verify("logsoftmax 2-d", F64, new long[] {6}, g -> g.op("LogSoftmax", weighted6(g)));
    }

    private static String weighted6(TestGraph g) {
        return g.op("MatMul", g.input(), g.weight(2, 6, 5));
    }

    private static void verifyAtOpset(long opset, String name, long[] item, Function<TestGraph, String> body) {
        OnnxModel model = GradientCheck.build(name, F64, opset, item, body);
        GradientCheck.verify(model, F64, item, GradientCheck.uniform(name.hashCode(), 2 * GradientCheck.size(item)));
    }
}
