package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.junit.jupiter.api.Test;

/** The builder's graphs: sizes, operator set, loading in ONNX Runtime, and the exported model's arithmetic. */
class StevenNetTest {

    private static long initializerValues(OnnxModel m) {
        return m.initializers().values().stream().filter(t -> t.getDataType() == TensorProtos.FLOAT)
                .mapToLong(TensorProtos::size).sum();
    }

    @Test
    void fullStevenNetHasTheStudysSizeAndRunsInOnnxRuntime() {
        Architecture a = Architecture.stevenNet(12);
        assertEquals(1_653_313, a.parameterCount(), "≈ 1.65 M trainable parameters, as the study's model");
        // 998 MFLOP per 12 × 600 forward pass (../shared/STACK.md measured the study's model at the same count)
        assertEquals(998.0, a.forwardFlops() / 1e6, 1.0);
        Parameters p = Parameters.initialise(StevenNet.specs(a), 1);
        assertEquals(a.parameterCount(), p.trainableCount());
        OnnxModel m = StevenNet.inference(a, p, Normalization.identity(), Map.of());
        // + 2 × 36 × 32 running statistics... all float initializers: parameters, running stats, 3 scalars
        long running = StevenNet.batchNormLayers(a).stream().mapToLong(l -> 2 * p.values(l + ".mean").length).sum();
        assertEquals(a.parameterCount() + running + 3, initializerValues(m));
        assertEquals(Set17.OPS, m.opTypes());
        assertEquals(17, m.opset());
        try (GraphSession s = GraphSession.create(m, ExecutionOptions.defaults().withIntraOpThreads(1))) {
            FloatTensor y = s.run(StevenNet.INPUT, FloatTensor.zeros(2, 12, 600), List.of()).get(StevenNet.OUTPUT);
            assertArrayEquals(new long[] {2, 1}, y.shape());
        }
    }

    @Test
    void compactVariantIsSmallAndCheap() {
        Architecture a = Architecture.compact(8);
        double mflop = a.forwardFlops() / 1e6;
        assertTrue(mflop >= 20 && mflop <= 40, "compact forward " + mflop + " MFLOP per 8 × 600 record");
        OnnxModel m = StevenNet.inference(a, Parameters.initialise(StevenNet.specs(a), 1), Normalization.identity(),
                Map.of());
        assertTrue(m.toBytes().length < 1_000_000, "compact model " + m.toBytes().length + " bytes");
        assertEquals(Set17.OPS, m.opTypes(), "plain inference operators only");
    }

    @Test
    void evenKernelsPadLikePyTorchSame() {
        assertArrayEquals(new long[] {24, 25}, Architecture.samePads(50));
        assertArrayEquals(new long[] {3, 4}, Architecture.samePads(8));
        assertArrayEquals(new long[] {1, 1}, Architecture.samePads(3));
    }

    /** Operators of the exported model: nothing training-only. */
    static final class Set17 {
        static final java.util.Set<String> OPS = new java.util.TreeSet<>(List.of("Add", "AveragePool",
                "BatchNormalization", "Conv", "Flatten", "Gemm", "GlobalAveragePool", "Identity", "Mul", "Relu"));
    }
}
