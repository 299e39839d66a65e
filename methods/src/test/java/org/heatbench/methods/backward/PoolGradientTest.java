package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_LINEAR;
import static org.heatbench.methods.backward.GradientCheck.Precision.F32_PIECEWISE;
import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.distinct;
import static org.heatbench.methods.backward.GradientCheck.size;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.heatbench.methods.backward.TestGraph.s;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.List;
import java.util.stream.Stream;
import org.heatbench.methods.backward.GradientCheck.Precision;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of MaxPool (overlapping windows, ceil_mode, pads, dilations, auto_pad), AveragePool
 * (count_include_pad both ways, pads, ceil_mode, strides), GlobalAveragePool and GlobalMaxPool, 1-D and 2-D.
 *
 * <p>MaxPool runs in float64 on inputs whose values differ pairwise by at least 0.05, so no window has a tie and no
 * perturbation changes a window's maximum. ONNX Runtime's CPU provider has AveragePool and the global pools in
 * float32 only: the average pools are affine ({@link Precision#F32_LINEAR}), GlobalMaxPool is piecewise linear on
 * the same distinct inputs ({@link Precision#F32_PIECEWISE}).
 */
class PoolGradientTest {
    private static final long[] L12 = {3, 12};
    private static final long[] L11 = {3, 11};
    private static final long[] HW = {2, 6, 7};

    record Case(String name, String op, long[] item, long opset, AttributeProto... attrs) {
        Case(String name, String op, long[] item, AttributeProto... attrs) {
            this(name, op, item, 17, attrs);
        }

        @Override
        public String toString() {
            return op + " " + name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("1d k3 s1 overlapping", "MaxPool", L12, ints("kernel_shape", 3)),
                new Case("1d k3 s2 pads 1,1 overlapping", "MaxPool", L12, ints("kernel_shape", 3), ints("strides", 2),
                        ints("pads", 1, 1)),
                new Case("1d k2 s2 ceil_mode", "MaxPool", L11, ints("kernel_shape", 2), ints("strides", 2),
                        i("ceil_mode", 1)),
                new Case("1d k3 s2 asymmetric pads 2,1 ceil_mode", "MaxPool", L12, ints("kernel_shape", 3),
                        ints("strides", 2), ints("pads", 2, 1), i("ceil_mode", 1)),
                new Case("1d k3 dilation 2 pads 2,2", "MaxPool", L12, ints("kernel_shape", 3), ints("dilations", 2),
                        ints("pads", 2, 2)),
                new Case("1d k3 s2 dilation 2 ceil_mode", "MaxPool", L11, ints("kernel_shape", 3), ints("strides", 2),
                        ints("dilations", 2), i("ceil_mode", 1)),
                new Case("1d SAME_UPPER k4", "MaxPool", L12, ints("kernel_shape", 4), s("auto_pad", "SAME_UPPER")),
                new Case("1d SAME_LOWER k3 s2", "MaxPool", L11, ints("kernel_shape", 3), ints("strides", 2),
                        s("auto_pad", "SAME_LOWER")),
                // kernel = stride in 1-D: the rule's ArgMax / pairwise-compare path that keeps the forward node alone
                new Case("1d k2 s2 non-overlapping", "MaxPool", L12, ints("kernel_shape", 2), ints("strides", 2)),
                new Case("1d k2 s2 non-overlapping odd length", "MaxPool", L11, ints("kernel_shape", 2),
                        ints("strides", 2)),
                new Case("1d k3 s3 non-overlapping", "MaxPool", L12, ints("kernel_shape", 3), ints("strides", 3)),
                new Case("1d k4 s4 non-overlapping unused tail", "MaxPool", L11, ints("kernel_shape", 4),
                        ints("strides", 4)),
                new Case("1d VALID k3 s3", "MaxPool", L11, ints("kernel_shape", 3), ints("strides", 3),
                        s("auto_pad", "VALID")),
                new Case("2d k3x3 s1 pads 1 overlapping", "MaxPool", HW, ints("kernel_shape", 3, 3),
                        ints("pads", 1, 1, 1, 1)),
                new Case("2d k2x3 s2x1 dilation 1x2 ceil_mode", "MaxPool", HW, ints("kernel_shape", 2, 3),
                        ints("strides", 2, 1), ints("dilations", 1, 2), i("ceil_mode", 1)),
                new Case("2d k2x2 s2", "MaxPool", HW, ints("kernel_shape", 2, 2), ints("strides", 2, 2)),
                new Case("1d k3 s1", "AveragePool", L12, ints("kernel_shape", 3)),
                new Case("1d k3 s2 pads 1,1 exclude pad", "AveragePool", L12, ints("kernel_shape", 3),
                        ints("strides", 2), ints("pads", 1, 1)),
                new Case("1d k3 s2 pads 1,1 include pad", "AveragePool", L12, ints("kernel_shape", 3),
                        ints("strides", 2), ints("pads", 1, 1), i("count_include_pad", 1)),
                new Case("1d k3 s2 asymmetric pads 1,2 ceil_mode exclude pad", "AveragePool", L11,
                        ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 2), i("ceil_mode", 1)),
                new Case("1d k3 s2 asymmetric pads 2,1 ceil_mode include pad", "AveragePool", L11,
                        ints("kernel_shape", 3), ints("strides", 2), ints("pads", 2, 1), i("ceil_mode", 1),
                        i("count_include_pad", 1)),
                new Case("1d k4 s3 ceil_mode partial window exclude pad", "AveragePool", L12, ints("kernel_shape", 4),
                        ints("strides", 3), i("ceil_mode", 1)),
                new Case("1d k4 s3 ceil_mode partial window include pad", "AveragePool", L12, ints("kernel_shape", 4),
                        ints("strides", 3), i("ceil_mode", 1), i("count_include_pad", 1)),
                new Case("1d SAME_UPPER k2", "AveragePool", L12, ints("kernel_shape", 2), s("auto_pad", "SAME_UPPER")),
                new Case("1d SAME_LOWER k3 s2 include pad", "AveragePool", L11, ints("kernel_shape", 3),
                        ints("strides", 2), s("auto_pad", "SAME_LOWER"), i("count_include_pad", 1)),
                new Case("1d k3 dilation 2 pads 1,2 (opset 19)", "AveragePool", L12, 19, ints("kernel_shape", 3),
                        ints("dilations", 2), ints("pads", 1, 2)),
                new Case("2d k3x2 s2x1 pads 1,0,1,1 ceil_mode include pad", "AveragePool", HW,
                        ints("kernel_shape", 3, 2), ints("strides", 2, 1), ints("pads", 1, 0, 1, 1), i("ceil_mode", 1),
                        i("count_include_pad", 1)),
                new Case("2d k3x3 s2 pads 1 exclude pad", "AveragePool", HW, ints("kernel_shape", 3, 3),
                        ints("strides", 2, 2), ints("pads", 1, 1, 1, 1)),
                new Case("2d k2x2 s2", "AveragePool", HW, ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pool(Case c) {
        Precision p = c.op().equals("MaxPool") ? F64 : F32_LINEAR;
        OnnxModel model = GradientCheck.build(c.toString(), p, c.opset(), c.item(),
                g -> g.op(c.op(), List.of(g.input()), c.attrs()));
        GradientCheck.verify(model, p, c.item(), distinct(c.name().hashCode(), 2 * size(c.item())));
    }

    /** A MaxPool whose Indices output the model already names keeps it; the rule scatters through it. */
    @Test
    void maxPoolWithDeclaredIndices() {
        GradientCheck.verify("maxpool with indices output", F64, L12, distinct(3, 72), g -> g.opN("MaxPool",
                List.of(g.input()), 2, ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 1))[0]);
    }

    /** Overlapping windows after a per-channel scale: routed gradients carry different values and add up. */
    @Test
    void scaledOverlappingMaxPool() {
        GradientCheck.verify("scaled overlapping maxpool", F64, L12, distinct(4, 72), g -> g.op("MaxPool",
                List.of(g.op("Mul", g.input(), g.weightIn(0.5, 2, 3, 1))), ints("kernel_shape", 4), ints("pads", 2, 1)));
    }

    @Test
    void globalPools() {
        GradientCheck.verify("gap 1d", F32_LINEAR, L12, g -> g.op("GlobalAveragePool", g.input()));
        GradientCheck.verify("gap 2d", F32_LINEAR, HW, g -> g.op("GlobalAveragePool", g.input()));
        GradientCheck.verify("gmp 1d", F32_PIECEWISE, L12, distinct(5, 72), g -> g.op("GlobalMaxPool", g.input()));
        GradientCheck.verify("gmp 2d", F32_PIECEWISE, HW, distinct(6, 168), g -> g.op("GlobalMaxPool", g.input()));
    }
}
