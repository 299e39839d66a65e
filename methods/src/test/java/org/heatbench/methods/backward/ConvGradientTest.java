package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_LINEAR;
import static org.heatbench.methods.backward.GradientCheck.Precision.F32_SMOOTH;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.heatbench.methods.backward.TestGraph.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of the Conv input gradient over strides, explicit (also asymmetric) and automatic
 * padding, dilations, groups and bias, in 1-D and 2-D, and which of the two implementations each case compiles to:
 * the stride-1 flipped-weight Conv (strided 1-D: one per phase, interleaved) or the general ConvTranspose (dilated
 * strided 1-D, strided 2-D, weights computed in the graph).
 *
 * <p>ONNX Runtime's CPU provider has Conv only in float32. A convolution is affine in its input, so central
 * differences with a large step have no truncation error and are checked to 2e-5 of the row's scale
 * ({@link GradientCheck.Precision#F32_LINEAR}).
 */
class ConvGradientTest {

    /** How the compiled gradient is expected to compute the Conv's input gradient. */
    enum Path { CONV, CONV_TRANSPOSE }

    /**
     * @param item input item shape [Cin, spatial...]
     * @param cout output channels
     * @param kernel kernel spatial shape
     */
    record Case(String name, long[] item, long cout, long[] kernel, boolean bias, Path path, AttributeProto... attrs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        long[] l12 = {4, 12};
        long[] hw = {4, 6, 7};
        return Stream.of(
                new Case("1d k3", l12, 3, new long[] {3}, true, Path.CONV),
                new Case("1d k1 no bias", l12, 5, new long[] {1}, false, Path.CONV),
                new Case("1d pads 1,1", l12, 3, new long[] {3}, true, Path.CONV, ints("pads", 1, 1)),
                new Case("1d asymmetric pads 2,0", l12, 3, new long[] {3}, false, Path.CONV, ints("pads", 2, 0)),
                new Case("1d asymmetric pads 0,1 k4", l12, 3, new long[] {4}, true, Path.CONV, ints("pads", 0, 1)),
                // an end pad beyond k-1 would need a negative pad in the flipped Conv: ConvTranspose instead
                new Case("1d end pad 3 > k-1", l12, 3, new long[] {3}, true, Path.CONV_TRANSPOSE, ints("pads", 1, 3)),
                new Case("1d dilation 2 pads 2,1", l12, 3, new long[] {3}, true, Path.CONV,
                        ints("dilations", 2), ints("pads", 2, 1)),
                new Case("1d group 2", l12, 6, new long[] {3}, true, Path.CONV, i("group", 2), ints("pads", 1, 1)),
                new Case("1d depthwise x2", l12, 8, new long[] {5}, false, Path.CONV, i("group", 4), ints("pads", 2, 2)),
                new Case("1d SAME_UPPER k4", l12, 3, new long[] {4}, true, Path.CONV, s("auto_pad", "SAME_UPPER")),
                new Case("1d SAME_LOWER k4", l12, 3, new long[] {4}, true, Path.CONV, s("auto_pad", "SAME_LOWER")),
                new Case("1d VALID k3", l12, 3, new long[] {3}, true, Path.CONV, s("auto_pad", "VALID")),
                new Case("1d stride 2 pads 1,1", l12, 3, new long[] {3}, true, Path.CONV,
                        ints("strides", 2), ints("pads", 1, 1)),
                // length 12, k 3, stride 2 without pads: the last input element is in no window (output padding)
                new Case("1d stride 2 unused tail", l12, 3, new long[] {3}, true, Path.CONV, ints("strides", 2)),
                // stride above the kernel: phase 2 of 3 has no taps (zero gradient there)
                new Case("1d stride 3 k2 gaps", l12, 3, new long[] {2}, true, Path.CONV, ints("strides", 3)),
                new Case("1d stride 5 k10 pads 2,3 group 2", l12, 4, new long[] {10}, true, Path.CONV,
                        ints("strides", 5), ints("pads", 2, 3), i("group", 2)),
                new Case("1d stride 3 dilation 2 group 2 pads 1,2", l12, 4, new long[] {3}, true, Path.CONV_TRANSPOSE,
                        ints("strides", 3), ints("dilations", 2), i("group", 2), ints("pads", 1, 2)),
                new Case("1d SAME_UPPER stride 2 k4", l12, 3, new long[] {4}, true, Path.CONV,
                        s("auto_pad", "SAME_UPPER"), ints("strides", 2)),
                new Case("1d SAME_LOWER stride 3 k2", l12, 3, new long[] {2}, false, Path.CONV,
                        s("auto_pad", "SAME_LOWER"), ints("strides", 3)),
                new Case("2d k3x3 pads 1", hw, 3, new long[] {3, 3}, true, Path.CONV, ints("pads", 1, 1, 1, 1)),
                new Case("2d k2x3 asymmetric pads dilation 2x1", hw, 2, new long[] {2, 3}, false, Path.CONV,
                        ints("pads", 1, 0, 0, 2), ints("dilations", 2, 1)),
                new Case("2d SAME_LOWER k3x2 group 2", hw, 4, new long[] {3, 2}, true, Path.CONV,
                        s("auto_pad", "SAME_LOWER"), i("group", 2)),
                new Case("2d stride 2x1 pads 0,1,1,2 dilation 1x2 group 2", hw, 2, new long[] {2, 3}, true,
                        Path.CONV_TRANSPOSE, ints("strides", 2, 1), ints("pads", 0, 1, 1, 2), ints("dilations", 1, 2),
                        i("group", 2)),
                new Case("2d depthwise stride 2x2 asymmetric pads", hw, 4, new long[] {3, 3}, true, Path.CONV_TRANSPOSE,
                        i("group", 4), ints("strides", 2, 2), ints("pads", 1, 0, 0, 1)),
                new Case("2d SAME_UPPER stride 2", hw, 3, new long[] {3, 3}, false, Path.CONV_TRANSPOSE,
                        s("auto_pad", "SAME_UPPER"), ints("strides", 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputGradientMatchesFiniteDifferences(Case c) {
        OnnxModel model = GradientCheck.build("conv " + c.name(), F32_LINEAR, c.item(), g -> conv(g, c));
        GradientCheck.verify(model, F32_LINEAR, c.item(),
                GradientCheck.uniform(c.name().hashCode(), 2 * GradientCheck.size(c.item())));
        assertEquals(c.path(), path(model, c.item()), "implementation of the Conv input gradient");
    }

    /** Weights computed in the graph (not an initializer) cannot be flipped at compile time: ConvTranspose. */
    @Test
    void computedWeightsUseConvTranspose() {
        long[] item = {4, 12};
        OnnxModel model = GradientCheck.build("conv computed weights", F32_LINEAR, item,
                g -> g.op("Conv", List.of(g.input(), g.op("Mul", g.weight(0.5, 3, 4, 3), g.scalar(2))),
                        ints("pads", 1, 1)));
        GradientCheck.verify(model, F32_LINEAR, item, GradientCheck.uniform(5, 2 * 48));
        assertEquals(Path.CONV_TRANSPOSE, path(model, item));
    }

    /** Two Convs with a smooth nonlinearity between: gradients chain through both implementations. */
    @Test
    void stackedConvs() {
        long[] item = {3, 16};
        GradientCheck.verify("conv stacked", F32_SMOOTH, item, g -> {
            String h = g.op("Conv", List.of(g.input(), g.weight(0.5, 6, 3, 3), g.weight(0.2, 6)), ints("pads", 1, 1));
            h = g.op("Tanh", h);
            return g.op("Conv", List.of(h, g.weight(0.5, 4, 3, 5), g.weight(0.2, 4)), i("group", 2),
                    ints("strides", 2), ints("pads", 2, 1));
        });
    }

    private static String conv(TestGraph g, Case c) {
        long cinPerGroup = c.item()[0] / Arrays.stream(c.attrs()).filter(a -> a.getName().equals("group"))
                .mapToLong(AttributeProto::getI).findFirst().orElse(1);
        long[] wDims = new long[c.kernel().length + 2];
        wDims[0] = c.cout();
        wDims[1] = cinPerGroup;
        System.arraycopy(c.kernel(), 0, wDims, 2, c.kernel().length);
        List<String> inputs = new ArrayList<>(List.of(g.input(), g.weight(0.5, wDims)));
        if (c.bias()) {
            inputs.add(g.weight(0.5, c.cout()));
        }
        List<AttributeProto> attrs = new ArrayList<>(List.of(c.attrs()));
        attrs.add(ints("kernel_shape", c.kernel()));
        return g.op("Conv", inputs, attrs.toArray(new AttributeProto[0]));
    }

    private static Path path(OnnxModel model, long[] item) {
        CompiledGradient cg = BackwardCompiler.gradient().compile(model, item, GradientRequest.of());
        List<String> backward = cg.model().graph().getNodeList().stream().filter(n -> n.getName().startsWith("hb/"))
                .map(NodeProto::getOpType).toList();
        boolean conv = backward.contains("Conv");
        boolean transpose = backward.contains("ConvTranspose");
        assertEquals(1, (conv ? 1 : 0) + (transpose ? 1 : 0), "backward ops " + backward);
        return conv ? Path.CONV : Path.CONV_TRANSPOSE;
    }
}
