package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;

/**
 * The compiled training step against the independent float64 {@link ReferenceNet}: loss, batch statistics and
 * predictions agree with the reference's values, and every parameter gradient (Conv weights and biases with
 * asymmetric 'same' padding, BatchNormalization γ and β through the batch mean and variance, residual, pooling,
 * Linear) agrees with central finite differences of the float64 reference loss.
 */
class TrainingGradientTest {
    static final Architecture TINY = new Architecture("tiny", 2, 24, 3, 4, 2, 3, 1, 3, 5);
    static final int N = 4;

    static float[] signals(Architecture a, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * a.leads() * a.samples()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 800);
        }
        return x;
    }

    static float[] pack(Architecture a, float[] sig, double[] z, int n) {
        int rec = a.leads() * a.samples();
        float[] b = new float[n * (rec + 1)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sig, i * rec, b, i * (rec + 1), rec);
            b[i * (rec + 1) + rec] = (float) z[i];
        }
        return b;
    }

    static Parameters randomised(Architecture a, long seed) {
        Parameters p = Parameters.initialise(StevenNet.specs(a), seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (Parameters.Spec s : p.specs()) {
            float[] v = p.values(s.name());
            switch (s.kind()) {
                case BN_SCALE -> {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (0.5 + r.nextDouble());
                    }
                }
                case BN_SHIFT -> {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (r.nextDouble() - 0.5);
                    }
                }
                default -> {
                    // keep
                }
            }
        }
        return p;
    }

    @Test
    void stepMatchesFloat64ReferenceAndFiniteDifferences() {
        Parameters p = randomised(TINY, 3);
        float[] sig = signals(TINY, N, 4);
        double[] sigD = new double[sig.length];
        for (int i = 0; i < sig.length; i++) {
            sigD[i] = sig[i];
        }
        double[] z = {0.3, -1.2, 0.8, 0.1};
        TrainingSession.StepResult r;
        try (TrainingSession s = new TrainingSession(TINY, p, ExecutionOptions.defaults().withIntraOpThreads(1))) {
            r = s.step(pack(TINY, sig, z, N), N, p);
        }
        ReferenceNet ref = new ReferenceNet(TINY, p, true, Normalization.DEFAULT_INPUT_SCALE);
        double refLoss = ref.loss(sigD, z, N);
        assertEquals(refLoss, r.loss(), 1e-5 * Math.max(1, refLoss), "loss");
        double[] zRef = ref.forward(sigD, N);
        for (int i = 0; i < N; i++) {
            assertEquals(zRef[i], r.predictions()[i], 1e-4, "prediction " + i);
        }
        for (String layer : StevenNet.batchNormLayers(TINY)) {
            double[] m = ref.batchMean.get(layer);
            double[] v = ref.batchVar.get(layer);
            for (int c = 0; c < m.length; c++) {
                assertEquals(m[c], r.batchMean().get(layer)[c], 1e-5 * Math.max(1, Math.abs(m[c])), layer + " mean");
                assertEquals(v[c], r.batchVar().get(layer)[c], 1e-4 * Math.max(1, v[c]), layer + " var");
            }
        }
        double h = 1e-6;
        int checked = 0;
        for (String name : p.trainableNames()) {
            float[] g = r.gradients().get(name);
            double[] fd = new double[g.length];
            double scale = 0;
            for (int e = 0; e < g.length; e++) {
                ReferenceNet plus = new ReferenceNet(TINY, p, true, Normalization.DEFAULT_INPUT_SCALE);
                ReferenceNet minus = new ReferenceNet(TINY, p, true, Normalization.DEFAULT_INPUT_SCALE);
                plus.p.get(name)[e] += h;
                minus.p.get(name)[e] -= h;
                fd[e] = (plus.loss(sigD, z, N) - minus.loss(sigD, z, N)) / (2 * h);
                scale = Math.max(scale, Math.abs(fd[e]));
            }
            assertTrue(scale > 0, name + ": all finite differences are zero");
            for (int e = 0; e < g.length; e++) {
                assertEquals(fd[e], g[e], 2e-3 * scale + 1e-6, name + "[" + e + "]");
                checked++;
            }
        }
        assertEquals(p.trainableCount(), checked);
        assertEquals(TINY.parameterCount(), checked, "Architecture.parameterCount counts what the graph trains");
    }

    @Test
    void convWeightGradientWithEvenAndOddKernelsAtSeveralBatchSizes() {
        // the dW convolution runs over the batch as channels: check batch sizes 2 and 7 too
        for (int n : new int[] {2, 7}) {
            Parameters p = randomised(TINY, 10 + n);
            float[] sig = signals(TINY, n, 20 + n);
            double[] sigD = new double[sig.length];
            for (int i = 0; i < sig.length; i++) {
                sigD[i] = sig[i];
            }
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = Math.sin(i);
            }
            TrainingSession.StepResult r;
            try (TrainingSession s = new TrainingSession(TINY, p, ExecutionOptions.defaults().withIntraOpThreads(1))) {
                r = s.step(pack(TINY, sig, z, n), n, p);
            }
            for (String name : new String[] {"init.conv1.weight", "block0.conv2.weight", "block0.conv1.bias"}) {
                float[] g = r.gradients().get(name);
                double scale = 0;
                double[] fd = new double[g.length];
                for (int e = 0; e < g.length; e++) {
                    ReferenceNet plus = new ReferenceNet(TINY, p, true, Normalization.DEFAULT_INPUT_SCALE);
                    ReferenceNet minus = new ReferenceNet(TINY, p, true, Normalization.DEFAULT_INPUT_SCALE);
                    plus.p.get(name)[e] += 1e-6;
                    minus.p.get(name)[e] -= 1e-6;
                    fd[e] = (plus.loss(sigD, z, n) - minus.loss(sigD, z, n)) / 2e-6;
                    scale = Math.max(scale, Math.abs(fd[e]));
                }
                for (int e = 0; e < g.length; e++) {
                    assertEquals(fd[e], g[e], 2e-3 * scale + 1e-6, "batch " + n + " " + name + "[" + e + "]");
                }
            }
        }
    }
}
