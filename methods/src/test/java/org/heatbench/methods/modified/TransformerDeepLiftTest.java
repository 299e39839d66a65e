package org.heatbench.methods.modified;

import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.heatbench.methods.onnx.UnsupportedOperatorException;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DeepLIFT on transformer building blocks: summation-to-delta (Σa = f(x) − f(x₀)) through GELU (Erf, Rescale), the
 * symmetric product rule for Q Kᵀ and scores × V with both operands live (softmax-free "linear" attention), Pow and
 * Reciprocal; through masked softmax attention, LayerNorm and the decomposed GroupNorm of generated transformers;
 * and the compile-time refusal, naming the node, of LogSoftmax.
 */
class TransformerDeepLiftTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();

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

    /** x [N, 4, 6] → GELU(x W₁) → (h W_q)(h W_k)ᵀ / 2 → × (h W_v) → + Pow/Reciprocal branch → mean → Gemm. */
    static OnnxModel linearAttention(long seed) {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, seed, 4, 6);
        String h = TinyTransformer.gelu(g, g.op("Add", g.op("MatMul", g.input(), g.weight(0.6, 6, 6)),
                g.weight(0.2, 6)));
        String q = g.op("MatMul", h, g.weight(0.6, 6, 6));
        String k = g.op("MatMul", h, g.weight(0.6, 6, 6));
        String v = g.op("MatMul", h, g.weight(0.6, 6, 6));
        String scores = g.op("Div", g.op("MatMul", q, g.op("Transpose", List.of(k), ints("perm", 0, 2, 1))),
                g.scalar(2));
        String ctx = g.op("MatMul", scores, v);
        String extra = g.op("Reciprocal", g.op("Add", g.op("Pow", h, g.scalar(2)), g.scalar(1)));
        String pooled = g.op("ReduceMean", List.of(g.op("Add", ctx, extra)), ints("axes", 1), i("keepdims", 0));
        return g.output(g.op("Gemm", List.of(pooled, g.weight(1, 6, 1), g.weight(0.3, 1)))).build("linear-attention");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void summationToDeltaThroughGeluAndBilinearProducts(long seed) {
        OnnxModel m = linearAttention(seed);
        FloatTensor x = uniform(seed, 3, 4, 6);
        FloatTensor baseline = FloatTensor.of(uniform(seed + 10, 1, 4, 6).data(), 4, 6);
        DeepLift dl = ((DeepLift) METHODS.create("deeplift")).withBaseline(baseline);
        try (Attributor a = dl.compile(m, AttributionTarget.of(4, 6), ExecutionOptions.defaults())) {
            Attribution at = a.attribute(x);
            for (int r = 0; r < 3; r++) {
                double f = at.predictions()[r];
                assertEquals(0, at.convergenceDelta()[r], 1e-4 * (Math.abs(f) + 1),
                        "record " + r + ": Σa − (f(x) − f(x₀)), f = " + f);
            }
        }
        // the plain gradient × Δx does not sum to the difference here: the check above is discriminating
        try (Attributor a = METHODS.create("integrated_gradients:steps=1,rule=riemann_left").compile(m,
                AttributionTarget.of(4, 6), ExecutionOptions.defaults())) {
            double worst = 0;
            Attribution at = a.attribute(x);
            for (int r = 0; r < 3; r++) {
                worst = Math.max(worst, Math.abs(at.convergenceDelta()[r]));
            }
            assertTrue(worst > 1e-3, "one-step IG unexpectedly complete: " + worst);
        }
    }

    private static void assertSumsToDelta(OnnxModel m, long[] item, FloatTensor x, FloatTensor baseline) {
        DeepLift dl = ((DeepLift) METHODS.create("deeplift")).withBaseline(baseline);
        try (Attributor a = dl.compile(m, AttributionTarget.of(item), ExecutionOptions.defaults())) {
            Attribution at = a.attribute(x);
            for (int r = 0; r < x.batchSize(); r++) {
                double f = at.predictions()[r];
                assertEquals(0, at.convergenceDelta()[r], 2e-4 * (Math.abs(f) + 1),
                        m.source() + " record " + r + ": Σa − (f(x) − f(x₀)), f = " + f);
            }
        }
    }

    /** Tokens + positional Gather → attention (2 heads, causal mask with −∞) → LayerNorms → mean → Gemm. */
    @ParameterizedTest
    @ValueSource(longs = {3, 4})
    void summationToDeltaThroughSoftmaxAttentionAndLayerNorm(long seed) {
        double[] causal = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c <= r; c++) {
                causal[r * 4 + c] = 1;
            }
        }
        TestGraph g = new TestGraph(TensorProtos.FLOAT, seed, 4, 6);
        OnnxModel m = g.output(TinyTransformer.tokenModel(g, 4, 6, 2, causal, 1)).build("token-transformer");
        assertSumsToDelta(m, new long[] {4, 6}, uniform(seed, 3, 4, 6),
                FloatTensor.of(uniform(seed + 20, 1, 4, 6).data(), 4, 6));
    }

    /** Conv encoder with GroupNorm (Reshape–InstanceNormalization–Reshape), GELU, LayerNorm and attention. */
    @Test
    void summationToDeltaOnAnEcgTransformer() {
        OnnxModel m = TinyTransformer.ecgModel(TensorProtos.FLOAT, 5, 2, 30, 4, 2, 1);
        assertSumsToDelta(m, new long[] {2, 30}, uniform(6, 3, 2, 30), FloatTensor.zeros(2, 30));
        assertSumsToDelta(m, new long[] {2, 30}, uniform(7, 3, 2, 30),
                FloatTensor.of(uniform(8, 1, 2, 30).data(), 2, 30));
    }

    /** The zoo's ECG-FM-like transformer, zero baseline (Captum's default), target 1, two real ECGs. */
    @Test
    void summationToDeltaOnTheZooTransformer() {
        ZooReference zoo = ZooReference.find().orElse(null);
        Assumptions.assumeTrue(zoo != null, "../shared/reference/zoo absent");
        try (zoo) {
            FloatTensor x = zoo.inputs("transformer");
            FloatTensor two = FloatTensor.of(java.util.Arrays.copyOf(x.data(), 2 * 12 * 2500), 2, 12, 2500);
            DeepLift dl = ((DeepLift) METHODS.create("deeplift")).withBaseline(FloatTensor.zeros(12, 2500));
            try (Attributor a = dl.compile(zoo.model("transformer"), AttributionTarget.of(12, 2500).withTarget(1),
                    ExecutionOptions.defaults())) {
                Attribution at = a.attribute(two);
                for (int r = 0; r < 2; r++) {
                    double f = at.predictions()[r];
                    System.err.printf("ZOO deeplift record %d: f = %.6g, delta = %.3g%n", r, f,
                            at.convergenceDelta()[r]);
                    assertEquals(0, at.convergenceDelta()[r], 1e-4 * (Math.abs(f) + 1), "record " + r);
                }
            }
        }
    }

    @Test
    void logSoftmaxIsRefusedNamingTheNode() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 3, 6);
        OnnxModel m = g.output(g.op("LogSoftmax", g.op("MatMul", g.input(), g.weight(1, 6, 3)))).build("logsoftmax");
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class, () -> METHODS
                .create("deeplift").compile(m, AttributionTarget.of(6), ExecutionOptions.defaults()));
        assertEquals("LogSoftmax", e.opType());
        assertTrue(e.getMessage().contains(e.nodeName()), e.getMessage());
    }
}
