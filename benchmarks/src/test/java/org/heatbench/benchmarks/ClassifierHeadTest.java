package org.heatbench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Map;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's classifier is the regressor's trunk with a 7-output head: every initializer but the head's is
 * bit-for-bit the regressor's, and the model returns 7 finite, distinct logits per record.
 */
class ClassifierHeadTest {
    @Test
    void sameTrunkWiderHead() {
        OnnxModel regressor = ClassifierPerturbationBenchmark.compact(1);
        OnnxModel classifier = ClassifierPerturbationBenchmark.widenHead(regressor, 7, 2);
        Map<String, TensorProto> a = regressor.initializers();
        Map<String, TensorProto> b = classifier.initializers();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            if (name.startsWith("fc.")) {
                assertEquals(7, b.get(name).getDims(0), name);
            } else {
                assertEquals(a.get(name), b.get(name), "trunk initializer " + name);
            }
        }
        assertEquals(a.get("fc.weight").getDims(1), b.get("fc.weight").getDims(1), "same feature count");
        try (ForwardOnly f = new ForwardOnly(classifier, ExecutionOptions.defaults().withIntraOpThreads(1))) {
            float[] x = new float[2 * 8 * 600];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(i * 0.01) * 500;
            }
            float[] z = f.run(FloatTensor.of(x, 2, 8, 600));
            assertEquals(14, z.length, "7 logits per record");
            long distinct = java.util.stream.IntStream.range(0, 7).mapToObj(k -> z[k]).distinct().count();
            assertEquals(7, distinct);
            for (float v : z) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
