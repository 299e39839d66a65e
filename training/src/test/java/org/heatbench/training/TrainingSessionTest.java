package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
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
    void compiledStepHasAGradientForEveryParameterAndNoTrainingOnlyOps() {
        Architecture a = Architecture.compact(8).withBlocks(2);
        Parameters p = Parameters.initialise(StevenNet.specs(a), 1);
        try (TrainingSession s = new TrainingSession(a, p, ExecutionOptions.defaults().withIntraOpThreads(1))) {
            TrainingSession.StepResult r = s.step(randomBatch(a, 4, 2), 4, p);
            assertTrue(Double.isFinite(r.loss()));
            assertEquals(p.trainableNames(), java.util.List.copyOf(r.gradients().keySet()));
            for (String n : p.trainableNames()) {
                assertEquals(p.values(n).length, r.gradients().get(n).length, n);
            }
            assertFalse(s.compiledModel().opTypes().contains("BatchNormalization"),
                    "training mode is written with primitives (batch statistics)");
            assertTrue(s.compiledModel().graph().getNodeList().stream()
                    .noneMatch(n -> n.getName().contains("grad_conv_t")),
                    "stride-1 conv input gradients are Convs, not ConvTranspose (STACK.md pitfall 7)");
            // parameters are run-time inputs of the compiled graph
            assertEquals(p.trainableNames().size() + 1, s.compiledModel().runtimeInputs().size());
        }
    }

    /**
     * Training throughput of both architectures at batch 32 (docs/PERFORMANCE.md, ## Training): run with
     * {@code HB_TRAIN_THROUGHPUT=threads} set; skipped otherwise.
     */
    @Test
    void throughputProbe() {
        String env = System.getenv("HB_TRAIN_THROUGHPUT");
        if (env == null) {
            return;
        }
        int threads = Integer.parseInt(env);
        for (Architecture a : new Architecture[] {Architecture.compact(8), Architecture.stevenNet(8),
            Architecture.stevenNet(12)}) {
            Parameters p = Parameters.initialise(StevenNet.specs(a), 1);
            try (TrainingSession s = new TrainingSession(a, p, ExecutionOptions.defaults().withIntraOpThreads(threads))) {
                float[] b = randomBatch(a, 32, 2);
                s.step(b, 32, p);
                int steps = a.name().equals("stevennet") ? 4 : 40;
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    s.step(b, 32, p);
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                float[] x = new float[32 * a.leads() * a.samples()];
                s.predict(x, 32, p);
                long t1 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    s.predict(x, 32, p);
                }
                double fsec = (System.nanoTime() - t1) / 1e9;
                System.out.printf(Locale.ROOT, "THROUGHPUT %s leads=%d threads=%d batch=32: train %.1f samples/s "
                        + "(%.1f ms/step), eval forward %.1f samples/s, forward %.1f MFLOP/record%n", a.name(),
                        a.leads(), threads, steps * 32 / sec, sec / steps * 1000, steps * 32 / fsec,
                        a.forwardFlops() / 1e6);
            }
        }
    }
}
