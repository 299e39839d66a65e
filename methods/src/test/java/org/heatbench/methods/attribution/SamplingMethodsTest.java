package org.heatbench.methods.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.RecordSeeds;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomised methods: a record's attribution depends on its seed only — not on batch composition, chunk size
 * (memory cap) or thread count — and input errors name the record.
 */
class SamplingMethodsTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();
    private static final OnnxModel MODEL = CaptumReference.model("nopool");
    private static final AttributionTarget TARGET = AttributionTarget.of(8, 600);

    private static FloatTensor inputs() {
        try (CaptumReference ref = CaptumReference.open()) {
            return ref.tensor("/inputs");
        }
    }

    private static float[] run(String method, FloatTensor x, long[] seeds, ExecutionOptions opts) {
        try (Attributor a = METHODS.create(method).compile(MODEL, TARGET, opts)) {
            return a.attribute(x, seeds).values().data();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoothgrad:samples=6", "gradient_shap:samples=6", "integrated_gradients:steps=9", "random"})
    void recordResultIndependentOfBatchingChunkingAndThreads(String method) {
        FloatTensor x = inputs();
        long[] seeds = RecordSeeds.range(7, 0, 4);
        float[] whole = run(method, x, seeds, ExecutionOptions.defaults().withMaxBatchRows(512).withIntraOpThreads(2));
        // the same records one at a time, with a 5-row memory cap and one thread
        ExecutionOptions small = ExecutionOptions.defaults().withMaxBatchRows(5).withIntraOpThreads(1);
        int item = x.itemSize();
        for (int r = 0; r < 4; r++) {
            float[] one = run(method, x.slice(r, r + 1), new long[] {seeds[r]}, small);
            float[] part = Arrays.copyOfRange(whole, r * item, (r + 1) * item);
            double err = CaptumReference.relMaxError(one, part);
            assertTrue(err < 2e-6, method + " record " + r + ": " + err);
        }
    }

    @Test
    void differentSeedsGiveDifferentNoiseAndSameSeedTheSame() {
        FloatTensor x = inputs().slice(0, 1);
        float[] a = run("smoothgrad:samples=4", x, new long[] {1}, ExecutionOptions.defaults());
        float[] b = run("smoothgrad:samples=4", x, new long[] {2}, ExecutionOptions.defaults());
        float[] c = run("smoothgrad:samples=4", x, new long[] {1}, ExecutionOptions.defaults());
        assertFalse(Arrays.equals(a, b));
        assertArrayEquals(a, c);
    }

    @Test
    void randomIsStandardNormal() {
        FloatTensor x = inputs();
        float[] r = run("random", x, RecordSeeds.range(3, 0, 4), ExecutionOptions.defaults());
        double mean = 0;
        double sq = 0;
        for (float v : r) {
            mean += v;
            sq += v * v;
        }
        mean /= r.length;
        double var = sq / r.length - mean * mean;
        // 19,200 draws: mean within 4 standard errors of 0, variance within 5% of 1
        assertEquals(0, mean, 4 / Math.sqrt(r.length));
        assertEquals(1, var, 0.05);
    }

    @Test
    void smoothGradWithZeroNoiseIsSaliency() {
        FloatTensor x = inputs();
        float[] sg = run("smoothgrad:samples=3,stdev=0", x, RecordSeeds.range(1, 0, 4), ExecutionOptions.defaults());
        float[] sal = run("saliency", x, RecordSeeds.range(1, 0, 4), ExecutionOptions.defaults());
        assertTrue(CaptumReference.relMaxError(sg, sal) < 1e-6);
    }

    @Test
    void integratedGradientsCompletenessOnModelWithoutMaxPool() {
        try (Attributor a = METHODS.create("integrated_gradients:steps=64").compile(MODEL, TARGET,
                ExecutionOptions.defaults())) {
            Attribution at = a.attribute(inputs());
            for (int r = 0; r < 4; r++) {
                double fx = at.predictions()[r];
                // Gauss-Legendre with 64 nodes: the delta is small against the output itself
                assertTrue(Math.abs(at.convergenceDelta()[r]) < 1e-3 * Math.abs(fx) + 1e-6,
                        "record " + r + " delta " + at.convergenceDelta()[r] + " f(x) " + fx);
            }
        }
    }

    @Test
    void nanInputNamesTheRecord() {
        FloatTensor x = inputs();
        float[] d = x.data().clone();
        d[2 * 4800 + 17] = Float.NaN;
        FloatTensor bad = new FloatTensor(d, x.shape());
        try (Attributor a = METHODS.create("saliency").compile(MODEL, TARGET, ExecutionOptions.defaults())) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> a.attribute(bad));
            assertTrue(e.getMessage().contains("item 2") && e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void wrongItemShapeIsRejectedAtCompileOrCall() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> METHODS.create("saliency")
                .compile(MODEL, AttributionTarget.of(12, 600), ExecutionOptions.defaults()));
        assertTrue(e.getMessage().contains("[N, 8, 600]") || e.getMessage().contains("needs 8"), e.getMessage());
        try (Attributor a = METHODS.create("saliency").compile(MODEL, TARGET, ExecutionOptions.defaults())) {
            FloatTensor wrong = FloatTensor.zeros(2, 8, 500);
            assertThrows(InvalidInputException.class, () -> a.attribute(wrong));
        }
    }
}
