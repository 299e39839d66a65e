package org.heatbench.methods.modified;

import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.backward.TestGraph;
import org.heatbench.methods.backward.TinyTransformer;
import org.heatbench.methods.fixtures.ZooReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LRP on transformers (see {@link LrpRules}): conservation Σ R = f(x) on generated bias-free transformers with the
 * CP-LRP attention rule (multi-head attention with a mask, LayerNorm, GELU gates, a conv encoder with GroupNorm),
 * closed forms of AttnLRP's softmax rule, the uniform rule for products of live operands and the identity rule for
 * GELU gates, and that both variants run on the zoo transformer.
 */
class TransformerLrpTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();

    private static Attribution run(OnnxModel model, String method, FloatTensor x) {
        long[] item = java.util.Arrays.copyOfRange(x.shape(), 1, x.shape().length);
        try (Attributor a = METHODS.create(method).compile(model, AttributionTarget.of(item),
                ExecutionOptions.defaults())) {
            return a.attribute(x);
        }
    }

    private static FloatTensor uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.of(x, shape);
    }

    /**
     * Bias-free token transformer: x [N, 5, 6] → encoder layer (2 heads, causal mask, LayerNorms without bias,
     * feed-forward with exact GELU) → mean over tokens → Gemm without bias → [N, 1].
     */
    static OnnxModel biasFreeTransformer(long seed) {
        long t = 5;
        long d = 6;
        TestGraph g = new TestGraph(TensorProtos.FLOAT, seed, t, d);
        double[] mask = new double[(int) (t * t)];
        for (int r = 0; r < t; r++) {
            for (int c = 0; c <= r; c++) {
                mask[(int) (r * t + c)] = 1;
            }
        }
        String x = g.input();
        String q = heads(g, g.op("MatMul", x, g.weight(0.6, d, d)), t);
        String k = heads(g, g.op("MatMul", x, g.weight(0.6, d, d)), t);
        String v = heads(g, g.op("MatMul", x, g.weight(0.6, d, d)), t);
        String s = g.op("Div", g.op("MatMul", q, g.op("Transpose", List.of(k), ints("perm", 0, 1, 3, 2))),
                g.scalar(Math.sqrt(3)));
        s = g.op("Where", g.op("Equal", g.constant(new long[] {t, t}, mask), g.scalar(0)),
                g.scalar(Double.NEGATIVE_INFINITY), s);
        String p = g.op("Softmax", List.of(s), i("axis", -1));
        String ctx = g.op("Reshape", g.op("Transpose", List.of(g.op("MatMul", p, v)), ints("perm", 0, 2, 1, 3)),
                g.longs(0, t, d));
        String h = ln(g, g.op("Add", x, g.op("MatMul", ctx, g.weight(0.6, d, d))), d);
        String ff = g.op("MatMul", TinyTransformer.gelu(g, g.op("MatMul", h, g.weight(0.6, d, 2 * d))),
                g.weight(0.6, 2 * d, d));
        String out = ln(g, g.op("Add", h, ff), d);
        String pooled = g.op("ReduceMean", List.of(out), ints("axes", 1), i("keepdims", 0));
        return g.output(g.op("Gemm", List.of(pooled, g.weight(1, d, 1)))).build("bias-free-transformer");
    }

    private static String heads(TestGraph g, String x, long t) {
        return g.op("Transpose", List.of(g.op("Reshape", x, g.longs(0, t, 2, 3))), ints("perm", 0, 2, 1, 3));
    }

    private static String ln(TestGraph g, String x, long d) {
        return g.op("LayerNormalization", List.of(x, g.weightIn(0.5, 1.5, d)), i("axis", -1));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void cpLrpConservesRelevanceOnBiasFreeTransformers(long seed) {
        OnnxModel m = biasFreeTransformer(seed);
        FloatTensor x = uniform(seed, 4, 5, 6);
        Attribution a = run(m, "lrp:epsilon=0,attention=cp", x);
        for (int r = 0; r < 4; r++) {
            double f = a.predictions()[r];
            assertEquals(0, a.convergenceDelta()[r], 1e-4 * Math.abs(f) + 1e-5,
                    "seed " + seed + " record " + r + ": Σ R − f with f = " + f);
        }
    }

    /** AttnLRP drops the softmax's bias term: relevance is not conserved there, but stays finite and comparable. */
    @Test
    void attnLrpRunsOnTheGeneratedTransformer() {
        OnnxModel m = biasFreeTransformer(4);
        FloatTensor x = uniform(4, 3, 5, 6);
        Attribution a = run(m, "lrp:epsilon=0", x);
        for (float v : a.values().data()) {
            assertTrue(Float.isFinite(v));
        }
        // the conservation check above is discriminating: here relevance does leak at the softmax
        double leak = 0;
        for (int r = 0; r < 3; r++) {
            leak = Math.max(leak, Math.abs(a.convergenceDelta()[r]) / (Math.abs(a.predictions()[r]) + 1e-6));
        }
        assertTrue(leak > 1e-3, "AttnLRP's softmax rule unexpectedly conserved relevance: " + leak);
    }

    /** y = w · softmax(x): AttnLRP's rule gives R_x = x ⊙ (R − s Σ R) with R_i = w_i s_i. */
    @Test
    void attnLrpSoftmaxRuleClosedForm() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 5, 5);
        double[] w = {0.5, -1.0, 2.0, 0.3, -0.7};
        String y = g.op("Gemm", List.of(g.op("Softmax", g.input()), g.constant(new long[] {5, 1}, w)));
        OnnxModel m = g.output(y).build("softmax-linear");
        FloatTensor x = uniform(6, 2, 5);
        float[] rel = run(m, "lrp:epsilon=0", x).values().data();
        for (int r = 0; r < 2; r++) {
            double[] s = new double[5];
            double sum = 0;
            for (int k = 0; k < 5; k++) {
                s[k] = Math.exp(x.data()[r * 5 + k]);
                sum += s[k];
            }
            double total = 0;
            for (int k = 0; k < 5; k++) {
                s[k] /= sum;
                total += w[k] * s[k];
            }
            for (int k = 0; k < 5; k++) {
                double xi = x.data()[r * 5 + k];
                double expect = xi * (w[k] * s[k] - s[k] * total);
                assertEquals(expect, rel[r * 5 + k], 1e-6, "record " + r + " element " + k);
            }
        }
    }

    /** p = x[0:2] ⊙ x[2:4] summed: the uniform rule gives each factor half of each product's relevance. */
    @Test
    void uniformRuleSplitsProductsOfLiveOperands() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 7, 4);
        String a = g.op("Slice", g.input(), g.longs(0), g.longs(2), g.longs(1));
        String b = g.op("Slice", g.input(), g.longs(2), g.longs(4), g.longs(1));
        OnnxModel m = g.output(g.op("ReduceSum", List.of(g.op("Mul", a, b), g.longs(1)), i("keepdims", 1)))
                .build("product");
        FloatTensor x = uniform(8, 3, 4);
        float[] rel = run(m, "lrp:epsilon=0", x).values().data();
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 2; k++) {
                double p = (double) x.data()[r * 4 + k] * x.data()[r * 4 + 2 + k];
                assertEquals(p / 2, rel[r * 4 + k], 1e-6);
                assertEquals(p / 2, rel[r * 4 + 2 + k], 1e-6);
            }
        }
    }

    /** GELU as exported (x · 0.5(1 + erf(x/√2))) is a gate: the identity rule sends all relevance to x. */
    @Test
    void geluGateTakesTheIdentityRule() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 9, 4);
        String gelu = TinyTransformer.gelu(g, g.input());
        OnnxModel m = g.output(g.op("ReduceSum", List.of(gelu, g.longs(1)), i("keepdims", 1))).build("gelu-sum");
        FloatTensor x = uniform(10, 3, 4);
        float[] rel = run(m, "lrp:epsilon=0", x).values().data();
        for (int k = 0; k < rel.length; k++) {
            double v = x.data()[k];
            double expect = v * 0.5 * (1 + erf(v / Math.sqrt(2)));
            assertEquals(expect, rel[k], 1e-5, "element " + k);
        }
    }

    /** tanh-GELU as exported before opset 20 (x appears twice inside the gate) is recognised as a gate too. */
    @Test
    void tanhGeluGateTakesTheIdentityRule() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 9, 4);
        String x = g.input();
        String cube = g.op("Mul", g.op("Pow", x, g.scalar(3)), g.scalar(0.044715));
        String t = g.op("Tanh", g.op("Mul", g.op("Add", x, cube), g.scalar(Math.sqrt(2 / Math.PI))));
        String gelu = g.op("Mul", g.op("Mul", x, g.scalar(0.5)), g.op("Add", t, g.scalar(1)));
        OnnxModel m = g.output(g.op("ReduceSum", List.of(gelu, g.longs(1)), i("keepdims", 1))).build("tanh-gelu");
        FloatTensor xs = uniform(11, 3, 4);
        float[] rel = run(m, "lrp:epsilon=0", xs).values().data();
        for (int k = 0; k < rel.length; k++) {
            double v = xs.data()[k];
            double expect = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(expect, rel[k], 1e-5, "element " + k);
        }
    }

    /** Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7). */
    private static double erf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-z * z);
        return Math.signum(z) * y;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lrp", "lrp:attention=cp", "lrp_epsilon_0_01"})
    void runsOnTheZooTransformer(String method) {
        ZooReference zoo = ZooReference.find().orElse(null);
        Assumptions.assumeTrue(zoo != null, "../shared/reference/zoo absent");
        try (zoo) {
            FloatTensor x = zoo.inputs("transformer");
            FloatTensor two = FloatTensor.of(java.util.Arrays.copyOf(x.data(), 2 * 12 * 2500), 2, 12, 2500);
            Attribution a = run(zoo.model("transformer"), method, two);
            double max = 0;
            for (float v : a.values().data()) {
                assertTrue(Float.isFinite(v), method + ": non-finite relevance");
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max > 0, method + ": all-zero relevance");
        }
    }
}
