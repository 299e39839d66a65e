package org.heatbench.methods.modified;

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
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Closed-form and conservation properties of LRP and DeepLIFT on generated networks. */
class RelevanceConservationTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();

    /**
     * Bias-free residual 1-D CNN: Conv → BN (pure scaling: β = μ = 0) → ReLU → MaxPool → Conv → residual Add → ReLU
     * → AveragePool → GlobalAveragePool → Flatten → Gemm (no C).
     */
    static OnnxModel biasFreeNetwork(long seed, boolean withMaxPool) {
        TestGraph t = new TestGraph(TensorProtos.FLOAT, seed, 3, 16);
        String c1 = t.op("Conv", List.of(t.input(), t.weight(0.5, 4, 3, 3)), TestGraph.ints("pads", 1, 1));
        String bn = t.op("BatchNormalization", c1, t.weightIn(0.5, 1.5, 4), t.constant(new long[] {4}, 0, 0, 0, 0),
                t.constant(new long[] {4}, 0, 0, 0, 0), t.weightIn(0.5, 2, 4));
        String r1 = t.op("Relu", bn);
        String p = withMaxPool ? t.op("MaxPool", List.of(r1), TestGraph.ints("kernel_shape", 2), TestGraph.ints("strides", 2))
                : t.op("AveragePool", List.of(r1), TestGraph.ints("kernel_shape", 2), TestGraph.ints("strides", 2));
        String c2 = t.op("Conv", List.of(p, t.weight(0.5, 4, 4, 3)), TestGraph.ints("pads", 1, 1));
        String add = t.op("Add", c2, p);
        String r2 = t.op("Relu", add);
        String ap = t.op("AveragePool", List.of(r2), TestGraph.ints("kernel_shape", 2), TestGraph.ints("strides", 2));
        String gap = t.op("GlobalAveragePool", ap);
        String flat = t.op("Flatten", gap);
        String y = t.op("Gemm", List.of(flat, t.weight(1.0, 4, 1)));
        return t.output(y).build("bias-free-resnet");
    }

    static FloatTensor positiveOutputInputs(OnnxModel model, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 48];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.of(x, n, 3, 16);
    }

    private static Attribution run(OnnxModel model, String method, FloatTensor x) {
        try (Attributor a = METHODS.create(method).compile(model, AttributionTarget.of(3, 16), ExecutionOptions.defaults())) {
            return a.attribute(x);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void zRuleConservesRelevanceOnBiasFreeNetworks(long seed) {
        for (boolean maxPool : new boolean[] {true, false}) {
            OnnxModel m = biasFreeNetwork(seed, maxPool);
            FloatTensor x = positiveOutputInputs(m, 5, seed);
            Attribution a = run(m, "lrp_z", x);
            for (int r = 0; r < 5; r++) {
                double f = a.predictions()[r];
                assertEquals(0, a.convergenceDelta()[r], 1e-4 * Math.abs(f) + 1e-6,
                        "seed " + seed + " maxpool " + maxPool + " record " + r + ": Σ R − f with f = " + f);
            }
            // folding BN first keeps conservation (it is the same bias-free linear map)
            Attribution folded = run(m, "lrp:epsilon=0,fold_bn=true", x);
            for (int r = 0; r < 5; r++) {
                assertEquals(0, folded.convergenceDelta()[r], 1e-4 * Math.abs(folded.predictions()[r]) + 1e-6);
            }
        }
    }

    @Test
    void epsilonAbsorbsRelevance() {
        OnnxModel m = biasFreeNetwork(4, true);
        FloatTensor x = positiveOutputInputs(m, 5, 4);
        Attribution z = run(m, "lrp_z", x);
        Attribution eps = run(m, "lrp_epsilon_1", x);
        double sz = 0;
        double se = 0;
        for (int r = 0; r < 5; r++) {
            sz += Math.abs(z.convergenceDelta()[r]);
            se += Math.abs(eps.convergenceDelta()[r]);
        }
        assertTrue(se > 100 * sz + 1e-6, "ε = 1 should lose relevance: " + se + " vs " + sz);
    }

    /** One linear layer y = x·w: z-rule R_i = x_i·w_i, SIGN R_i = sign(x_i)·w_i, SIGN-μ uses +1 iff x_i ≥ μ. */
    @Test
    void signEqualsZRuleExceptTheInputSignFactor() {
        TestGraph t = new TestGraph(TensorProtos.FLOAT, 9, 6);
        double[] w = {0.5, -1.5, 2.0, 0.25, -0.75, 1.0};
        String y = t.op("Gemm", List.of(t.input(), t.constant(new long[] {6, 1}, w)));
        OnnxModel m = t.output(y).build("linear");
        float[] xs = {0.3f, -1.2f, 2.5f, -0.1f, 0.7f, 0f};
        FloatTensor x = FloatTensor.of(xs, 1, 6);
        float[] z;
        float[] sign;
        float[] signMu;
        try (Attributor a = METHODS.create("lrp_z").compile(m, AttributionTarget.of(6), ExecutionOptions.defaults());
                Attributor b = METHODS.create("lrpsign_z").compile(m, AttributionTarget.of(6), ExecutionOptions.defaults());
                Attributor c = METHODS.create("lrpsign_z:mu=0.5").compile(m, AttributionTarget.of(6), ExecutionOptions.defaults())) {
            z = a.attribute(x).values().data();
            sign = b.attribute(x).values().data();
            signMu = c.attribute(x).values().data();
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(xs[i] * w[i], z[i], 1e-6, "z-rule " + i);
            double s = xs[i] >= 0 ? 1 : -1;
            assertEquals(s * w[i], sign[i], 1e-6, "SIGN " + i);
            double sm = xs[i] >= 0.5 ? 1 : -1;
            assertEquals(sm * w[i], signMu[i], 1e-6, "SIGN-mu " + i);
        }
    }

    /** DeepLIFT's summation-to-delta: Σ attributions = f(x) − f(x₀) on networks without MaxPool. */
    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void deepLiftSumsToTheOutputDifference(long seed) {
        TestGraph t = new TestGraph(TensorProtos.FLOAT, seed, 3, 16);
        String c1 = t.op("Conv", List.of(t.input(), t.weight(0.5, 4, 3, 3), t.weight(0.2, 4)), TestGraph.ints("pads", 1, 1));
        String bn = t.op("BatchNormalization", c1, t.weightIn(0.5, 1.5, 4), t.weight(0.2, 4), t.weight(0.2, 4),
                t.weightIn(0.5, 2, 4));
        String r1 = t.op("Relu", bn);
        String s1 = t.op("Sigmoid", t.op("Conv", List.of(r1, t.weight(0.5, 4, 4, 3)), TestGraph.ints("pads", 1, 1)));
        String th = t.op("Tanh", t.op("Add", s1, r1));
        String ap = t.op("AveragePool", List.of(th), TestGraph.ints("kernel_shape", 2), TestGraph.ints("strides", 2));
        String y = t.op("Gemm", List.of(t.op("Flatten", t.op("GlobalAveragePool", ap)), t.weight(1.0, 4, 1), t.weight(0.3, 1)));
        OnnxModel m = t.output(y).build("deeplift-net");
        FloatTensor x = positiveOutputInputs(m, 4, seed);
        FloatTensor baseline = FloatTensor.of(positiveOutputInputs(m, 1, seed + 100).data(), 3, 16);
        DeepLift dl = ((DeepLift) METHODS.create("deeplift")).withBaseline(baseline);
        try (Attributor a = dl.compile(m, AttributionTarget.of(3, 16), ExecutionOptions.defaults())) {
            Attribution at = a.attribute(x);
            for (int r = 0; r < 4; r++) {
                assertEquals(0, at.convergenceDelta()[r], 1e-5, "record " + r);
            }
        }
    }
}
