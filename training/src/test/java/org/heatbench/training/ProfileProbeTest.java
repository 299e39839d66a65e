package org.heatbench.training;

import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.util.*;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;

class ProfileProbeTest {
    @Test
    void profile() throws Exception {
        if (System.getenv("HB_PROFILE") == null) return;
        Architecture a = Architecture.compact(8);
        Parameters p = Parameters.initialise(StevenNet.specs(a), 1);
        try (TrainingSession s = new TrainingSession(a, p, ExecutionOptions.defaults().withIntraOpThreads(2))) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(2);
            so.enableProfiling("/tmp/hbprof");
            try (OrtSession os = env.createSession(s.compiledModel().toBytes(), so)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                float[] b = TrainingSessionTest.randomBatch(a, 32, 2);
                feed.put("batch", OnnxTensor.createTensor(env, FloatBuffer.wrap(b), new long[] {32, 4801}));
                for (String n : p.trainableNames()) {
                    feed.put(n, OnnxTensor.createTensor(env, FloatBuffer.wrap(p.values(n)), p.spec(n).shape()));
                }
                for (int i = 0; i < 10; i++) os.run(feed).close();
                System.out.println("PROFILE " + os.endProfiling());
            }
        }
    }
}
