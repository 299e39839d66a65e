package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {

    static float[] randomBatch(Architecture a, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int row = a.leads() * a.samples() + 1;
        float[] b = new float[n * row];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextGaussian() * 500);
        }
        for (int i = 0; i < n; i++) {
            b[i * row + row - 1] = (float) r.nextGaussian();
        }
        return b;
    }

    @Test
    void stepTimings() {
        if (System.getenv("HB_NOBN") != null) {
            System.setProperty("hb.nobn", "true");
        }
        Architecture a = Architecture.compact(8);
        Parameters p = Parameters.initialise(StevenNet.specs(a), 1);
        try (TrainingSession s = new TrainingSession(a, p, ExecutionOptions.defaults().withIntraOpThreads(2))) {
            int bs = Integer.parseInt(System.getenv().getOrDefault("HB_BS", "32"));
            float[] b = randomBatch(a, bs, 2);
            TrainingSession.StepResult r = s.step(b, bs, p);
            assertTrue(Double.isFinite(r.loss()));
            assertEquals(p.trainableNames().size(), r.gradients().size());
            long t0 = System.nanoTime();
            int steps = 20;
            for (int i = 0; i < steps; i++) {
                s.step(b, bs, p);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("compact bs %d: %.1f samples/s (%.1f ms/step)%n", bs, steps * bs / sec, sec / steps * 1000);
            float[] x = new float[32 * 8 * 600];
            s.predict(x, 32, p);
            t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                s.predict(x, 32, p);
            }
            sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("compact eval: %.1f ms/batch%n", sec / steps * 1000);
        }
    }
}
