package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.heatbench.methods.backward.TestGraph.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.onnx.UnsupportedOperatorException;
import org.junit.jupiter.api.Test;

/**
 * Parameter gradients for training ({@link BackwardPass#toParameters}) against central finite differences in
 * float64: every trainable operator (Conv weight and bias, Gemm weight and bias, MatMul + bias, BatchNormalization in
 * training mode written as primitives), and the input gradient through run-time Conv weights.
 */
class WeightGradientTest {
    /** float64 graphs: step and tolerance relative to max |fd|. */
    private static final double STEP = 1e-6;
    private static final double RTOL = 1e-6;
    /** float32 graphs (ONNX Runtime's CPU Conv has no float64 kernel): smooth activations, larger step. */
    private static final double STEP_F32 = 1e-2;
    private static final double RTOL_F32 = 2e-3;
    private static final int BATCH = 3;

    /** The differentiated scalar: Σ_n y[n, 0] of the model's first output. */
    private static double objective(OnnxModel m, double[] x, long[] item) {
        try (OrtRunner r = new OrtRunner(m)) {
            String y = m.outputNames().get(0);
            double[] out = r.run(x, GradientCheck.withBatch(BATCH, item), List.of(y)).get(y);
            int per = out.length / BATCH;
            double s = 0;
            for (int n = 0; n < BATCH; n++) {
                s += out[n * per];
            }
            return s;
        }
    }

    private static OnnxModel withInitializer(OnnxModel m, String name, double[] values) {
        GraphProto.Builder g = m.graph().toBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            if (t.getName().equals(name)) {
                g.setInitializer(k, TensorProtos.ofDoubles(name, t.getDataType(), TensorProtos.dims(t), values));
            }
        }
        return m.withGraph(g.build(), m.opset());
    }

    /**
     * Compiles a parameter pass (plus the input gradient when asked) and compares every gradient element with a
     * central difference of {@link #objective}.
     */
    static void check(String name, long[] item, Function<TestGraph, String> body, List<Integer> paramIndexes,
            boolean input, RuleSet rules) {
        check(name, TensorProtos.DOUBLE, item, body, paramIndexes, input, rules);
    }

    static void check(String name, int type, long[] item, Function<TestGraph, String> body, List<Integer> paramIndexes,
            boolean input, RuleSet rules) {
        boolean f32 = type == TensorProtos.FLOAT;
        double step = f32 ? STEP_F32 : STEP;
        double rtol = f32 ? RTOL_F32 : RTOL;
        TestGraph g = new TestGraph(type, 11, item);
        String y = body.apply(g);
        OnnxModel model = g.output(y).opset(17).build(name);
        List<String> params = new ArrayList<>();
        List<String> all = new ArrayList<>(model.initializers().keySet());
        for (int k : paramIndexes) {
            params.add(all.stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)),
                    Integer.parseInt(b.substring(1)))).filter(n -> n.startsWith("w")).toList().get(k));
        }
        double[] x = GradientCheck.uniform(5, BATCH * GradientCheck.size(item));
        if (f32) {
            x = GradientCheck.roundToFloat(x);
        }
        GraphAnalysis analysis = GraphAnalysis.of(model, item);
        CompiledGradient cg = BackwardCompiler.compile(analysis, GradientRequest.of().withFoldBatchNorm(false),
                List.of(new BackwardPass("train", rules, null, List.of(), input, params)), Map.of());
        CompiledGradient.PassOutputs po = cg.pass("train");
        List<String> outs = new ArrayList<>(po.parameterGrads().values());
        if (input) {
            outs.add(po.inputGrad());
        }
        Map<String, double[]> got;
        try (OrtRunner r = new OrtRunner(cg.model())) {
            got = r.run(x, GradientCheck.withBatch(BATCH, item), outs);
        }
        for (String p : params) {
            double[] v = TensorProtos.toDoubles(model.initializers().get(p));
            double[] fd = new double[v.length];
            for (int e = 0; e < v.length; e++) {
                double[] plus = v.clone();
                double[] minus = v.clone();
                plus[e] = round(v[e] + step, f32);
                minus[e] = round(v[e] - step, f32);
                fd[e] = (objective(withInitializer(model, p, plus), x, item)
                        - objective(withInitializer(model, p, minus), x, item)) / (plus[e] - minus[e]);
            }
            assertClose(name + " d/d" + p, fd, got.get(po.parameterGrads().get(p)), rtol);
        }
        if (input) {
            double[] fd = new double[x.length];
            for (int e = 0; e < x.length; e++) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[e] = round(x[e] + step, f32);
                minus[e] = round(x[e] - step, f32);
                fd[e] = (objective(model, plus, item) - objective(model, minus, item)) / (plus[e] - minus[e]);
            }
            assertClose(name + " d/dx", fd, got.get(po.inputGrad()), rtol);
        }
    }

    private static double round(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    private static void assertClose(String what, double[] fd, double[] grad, double rtol) {
        assertEquals(fd.length, grad.length, what + ": gradient size");
        double scale = 0;
        for (double f : fd) {
            scale = Math.max(scale, Math.abs(f));
        }
        assertTrue(scale > 0, what + ": the finite differences are all zero; the test is too weak");
        for (int e = 0; e < fd.length; e++) {
            assertEquals(fd[e], grad[e], rtol * scale + 1e-9, what + " element " + e);
        }
    }

    /** Σ over channels and time of t weighted by fixed random values: every element of t matters. */
    private static String weightedSum(TestGraph g, String t, long c, long len) {
        String w = g.weight(1, c, len);
        String r = g.op("ReduceSum", List.of(g.op("Mul", t, w), g.longs(1, 2)), i("keepdims", 0));
        return g.op("Unsqueeze", r, g.longs(1));
    }

    @Test
    void convWeightAndBiasWithAsymmetricPadding() {
        // w0 = weight [3, 2, 4], w1 = bias [3]; PyTorch 'same' for k = 4: pads 1 left, 2 right
        check("conv_same_even", TensorProtos.FLOAT, new long[] {2, 10}, g -> {
            String w = g.weight(0.5, 3, 2, 4);
            String b = g.weight(0.5, 3);
            String c = g.op("Conv", List.of(g.input(), w, b), ints("kernel_shape", 4), ints("pads", 1, 2));
            return weightedSum(g, g.op("Tanh", c), 3, 10);
        }, List.of(0, 1), false, RuleSet.gradient());
    }

    @Test
    void convWeightsFedAtRunTimeAlsoGiveTheInputGradient() {
        // two stacked convs (valid + auto_pad): the input gradient flows through live weights (flipped in the graph)
        check("conv_live_weights", TensorProtos.FLOAT, new long[] {2, 9}, g -> {
            String w1 = g.weight(0.5, 3, 2, 3);
            String b1 = g.weight(0.5, 3);
            String w2 = g.weight(0.5, 2, 3, 5);
            String c1 = g.op("Conv", List.of(g.input(), w1, b1), ints("kernel_shape", 3));
            String c2 = g.op("Conv", List.of(g.op("Tanh", c1), w2), ints("kernel_shape", 5), s("auto_pad", "SAME_UPPER"));
            return weightedSum(g, c2, 2, 7);
        }, List.of(0, 1, 2), true, RuleSet.gradient());
    }

    @Test
    void gemmWeightAndBias() {
        check("gemm", new long[] {5}, g -> {
            String w = g.weight(0.5, 4, 5);
            String b = g.weight(0.5, 4);
            String h = g.op("Tanh", g.op("Gemm", List.of(g.input(), w, b), i("transB", 1)));
            String w2 = g.weight(0.5, 1, 4);
            String b2 = g.weight(0.5, 1);
            return g.op("Gemm", List.of(h, w2, b2), i("transB", 1));
        }, List.of(0, 1, 2, 3), true, RuleSet.gradient());
    }

    @Test
    void matMulWeightAndAddBias() {
        check("matmul_bias", new long[] {5}, g -> {
            String w = g.weight(0.5, 5, 2);
            String b = g.weight(0.5, 2);
            return g.op("Add", g.op("MatMul", g.input(), w), b);
        }, List.of(0, 1), false, RuleSet.gradient());
    }

    /**
     * BatchNormalization in training mode as the trainer writes it: batch mean and biased variance over N and time,
     * (x − μ) / √(σ² + ε) · γ + β. The gradient couples the records through μ and σ²; γ, β and x are checked.
     */
    @Test
    void batchNormTrainingModeFullBackward() {
        check("bn_training", new long[] {3, 6}, g -> {
            String x = g.op("Tanh", g.input());
            String gamma = g.weightIn(0.5, 1.5, 3);
            String beta = g.weight(0.5, 3);
            String mean = g.op("ReduceMean", List.of(x), ints("axes", 0, 2), i("keepdims", 1));
            String xc = g.op("Sub", x, mean);
            String var = g.op("ReduceMean", List.of(g.op("Mul", xc, xc)), ints("axes", 0, 2), i("keepdims", 1));
            String std = g.op("Sqrt", g.op("Add", var, g.scalar(1e-5)));
            String xh = g.op("Div", xc, std);
            String gc = g.op("Reshape", gamma, g.longs(-1, 1));
            String bc = g.op("Reshape", beta, g.longs(-1, 1));
            String y = g.op("Add", g.op("Mul", xh, gc), bc);
            return weightedSum(g, g.op("Tanh", y), 3, 6);
        }, List.of(0, 1), true, RuleSet.training());
    }

    @Test
    void attributionRulesStillRefuseBatchReductions() {
        TestGraph g = new TestGraph(TensorProtos.DOUBLE, 1, 4);
        String m = g.op("ReduceMean", List.of(g.input()), ints("axes", 0), i("keepdims", 1));
        OnnxModel model = g.output(g.op("Sub", g.input(), m)).opset(17).build("batch_mean");
        assertThrows(UnsupportedOperatorException.class,
                () -> BackwardCompiler.gradient().compile(model, new long[] {4}, GradientRequest.of()));
    }

    @Test
    void parameterPassNeedsInitializers() {
        TestGraph g = new TestGraph(TensorProtos.DOUBLE, 1, 4);
        OnnxModel model = g.output(g.op("Relu", g.input())).opset(17).build("relu");
        GraphAnalysis a = GraphAnalysis.of(model, new long[] {4});
        assertThrows(org.heatbench.core.ConfigurationException.class, () -> BackwardCompiler.compile(a,
                GradientRequest.of(), List.of(BackwardPass.toParameters("p", RuleSet.training(), List.of("nope"))),
                Map.of()));
    }
}
