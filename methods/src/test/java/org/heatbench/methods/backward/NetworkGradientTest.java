package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_NETWORK;
import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.TestGraph.f;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import org.heatbench.methods.backward.GradientCheck.Precision;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.junit.jupiter.api.Test;

/**
 * Whole models: a small residual 1-D CNN laid out as {@code torch.onnx.export} writes one (Conv, BatchNormalization,
 * ReLU, overlapping MaxPool, residual Adds, strided and dilated Convs, GlobalAveragePool, the
 * {@code x.view(x.size(0), -1)} shape subgraph, Gemm, Dropout, two outputs: logits and Softmax), checked in float32
 * for several outputs and targets; and a float64 two-output MLP checking the output and target selection exactly.
 */
class NetworkGradientTest {
    private static final long[] ECG = {2, 32};

    /** The residual CNN; outputs: logits [N, 3], probabilities [N, 3]. */
    static OnnxModel residualCnn() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 20261121, ECG);
        String h = convBnRelu(g, g.input(), 2, 8, 5, 1, 1, true);
        h = g.op("MaxPool", List.of(h), ints("kernel_shape", 3), ints("strides", 2), ints("pads", 1, 1));
        // residual block, identity skip
        String r = convBnRelu(g, h, 8, 8, 3, 1, 1, true);
        r = convBnRelu(g, r, 8, 8, 3, 1, 1, false);
        h = g.op("Relu", g.op("Add", r, h));
        // downsampling block: strided conv, dilated conv, 1x1 strided projection on the skip
        r = convBnRelu(g, h, 8, 12, 3, 2, 1, true);
        r = convBnRelu(g, r, 12, 12, 3, 1, 2, false);
        String skip = g.op("Conv", List.of(h, g.weight(0.35, 12, 8, 1), g.weight(0.1, 12)), ints("kernel_shape", 1),
                ints("strides", 2));
        h = g.op("Relu", g.op("Add", r, skip));
        h = g.op("GlobalAveragePool", h);
        // x.view(x.size(0), -1)
        String zero = g.op("Constant", List.of(), GraphBuilder.attrTensor("value",
                TensorProtos.ofLongs("", new long[0], new long[] {0})));
        String n = g.op("Unsqueeze", g.op("Gather", List.of(g.op("Shape", h), zero), i("axis", 0)), g.longs(0));
        h = g.op("Reshape", h, g.op("Concat", List.of(n, g.longs(-1)), i("axis", 0)));
        h = g.op("Relu", g.op("Gemm", List.of(h, g.weight(0.5, 16, 12), g.weight(0.1, 16)), i("transB", 1)));
        h = g.opN("Dropout", List.of(h, g.scalar(0.25)), 1)[0];
        String logits = g.op("Gemm", List.of(h, g.weight(0.4, 3, 16), g.weight(0.1, 3)), i("transB", 1),
                f("alpha", 1), f("beta", 1));
        String probs = g.op("Softmax", List.of(logits), i("axis", 1));
        return g.output(logits).output(probs).build("residual cnn");
    }

    /** Conv (padding keeps the length at stride 1) → BatchNormalization → optional ReLU. */
    private static String convBnRelu(TestGraph g, String in, long cin, long cout, long k, long stride, long dilation,
            boolean relu) {
        long pad = (k - 1) * dilation / 2;
        String c = g.op("Conv", List.of(in, g.weight(1.2 / Math.sqrt(cin * k), cout, cin, k)),
                ints("kernel_shape", k), ints("strides", stride), ints("dilations", dilation), ints("pads", pad, pad));
        String bn = g.op("BatchNormalization", List.of(c, g.weightIn(0.6, 1.4, cout), g.weight(0.1, cout),
                g.weight(0.1, cout), g.weightIn(0.5, 1.5, cout)), f("epsilon", 1e-5));
        return relu ? g.op("Relu", bn) : bn;
    }

    @Test
    void residualCnnLogitsAndProbabilities() {
        OnnxModel model = residualCnn();
        double[] x = GradientCheck.uniform(42, 2 * 64);
        check(model, x, 0, 0, F32_NETWORK);
        check(model, x, 0, 2, F32_NETWORK);
        check(model, x, 1, 1, F32_NETWORK);
    }

    /** Stride-1 Convs compile to flipped-weight Convs, strided ones to phase Convs; MaxPool to a scatter-add. */
    @Test
    void residualCnnUsesTheFastConvPath() {
        CompiledGradient cg = BackwardCompiler.gradient().compile(residualCnn(), ECG, GradientRequest.of());
        List<String> backward = cg.model().graph().getNodeList().stream().filter(n -> n.getName().startsWith("hb/"))
                .map(NodeProto::getOpType).toList();
        // 6 Convs: 4 at stride 1 (flipped-weight Conv), 2 strided ones as phase Convs (k3 s2: 2 phases; the 1×1
        // stride-2 shortcut: 1 phase with taps, the other zero), no ConvTranspose
        long convs = backward.stream().filter("Conv"::equals).count();
        long transposed = backward.stream().filter("ConvTranspose"::equals).count();
        assertEquals(List.of(7L, 0L), List.of(convs, transposed), "backward ops " + backward);
    }

    /** A two-output float64 MLP: each (output, target) pair differentiates exactly that value. */
    @Test
    void outputAndTargetSelection() {
        TestGraph g = new TestGraph(TensorProtos.DOUBLE, 7, 6);
        String h = g.op("Tanh", g.op("Gemm", List.of(g.input(), g.weight(0.8, 6, 8), g.weight(0.2, 8))));
        String a = g.op("Gemm", List.of(h, g.weight(0.8, 8, 4), g.weight(0.2, 4)));
        String b = g.op("Sigmoid", g.op("MatMul", h, g.weight(0.8, 8, 3)));
        OnnxModel model = g.output(b).output(a).build("two-output mlp");
        double[] x = GradientCheck.uniform(9, 3 * 6);
        double[][] rows = new double[4][];
        int k = 0;
        for (int[] ot : new int[][] {{0, 0}, {0, 2}, {1, 1}, {1, 3}}) {
            rows[k++] = GradientCheck.check(model, new long[] {6}, 3,
                    x, new GradientRequest(ot[0], ot[1], List.of()), F64).grad();
        }
        for (int p = 0; p < rows.length; p++) {
            for (int q = p + 1; q < rows.length; q++) {
                assertFalse(Arrays.equals(rows[p], rows[q]), "targets " + p + " and " + q + " gave the same gradient");
            }
        }
    }

    private static void check(OnnxModel model, double[] x, int output, int target, Precision p) {
        GradientCheck.check(model, ECG, x.length / 64, x, new GradientRequest(output, target, List.of()), p);
    }
}
