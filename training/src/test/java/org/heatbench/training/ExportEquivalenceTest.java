package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;

/**
 * The exported inference model computes what training optimised: its forward pass equals the training graph's
 * eval-mode forward, and the eval-mode forward with running statistics set to a batch's statistics equals the
 * training-mode forward of that batch; both agree with the float64 reference in eval mode.
 */
class ExportEquivalenceTest {
    private static final Architecture A = TrainingGradientTest.TINY;
    private static final ExecutionOptions ONE = ExecutionOptions.defaults().withIntraOpThreads(1);

    @Test
    void exportedForwardEqualsTrainingGraphEvalForward() {
        int n = 5;
        Parameters p = TrainingGradientTest.randomised(A, 7);
        float[] sig = TrainingGradientTest.signals(A, n, 8);
        double[] z = {0.1, 0.2, -0.3, 0.4, -0.5};
        Normalization norm = new Normalization(Normalization.DEFAULT_INPUT_SCALE, 395.8, 28.3);
        try (TrainingSession s = new TrainingSession(A, p, ONE)) {
            // one training step, then running statistics := this batch's statistics (biased variance)
            TrainingSession.StepResult r = s.step(TrainingGradientTest.pack(A, sig, z, n), n, p);
            for (String layer : StevenNet.batchNormLayers(A)) {
                p.set(layer + ".mean", r.batchMean().get(layer));
                p.set(layer + ".var", r.batchVar().get(layer));
            }
            float[] eval = s.predict(sig, n, p);
            for (int i = 0; i < n; i++) {
                assertEquals(r.predictions()[i], eval[i], 1e-4, "eval mode with batch statistics = training mode");
            }
            OnnxModel exported = StevenNet.inference(A, p, norm, Map.of());
            try (Evaluator ev = new Evaluator(OnnxModel.fromBytes(exported.toBytes(), "exported"), ONE)) {
                double[] y = ev.predict(sig, n, A.samples());
                for (int i = 0; i < n; i++) {
                    assertEquals(norm.denormalise(eval[i]), y[i], 1e-4 * 28.3, "exported = eval forward, denormalised");
                }
            }
            double[] sd = new double[sig.length];
            for (int i = 0; i < sd.length; i++) {
                sd[i] = sig[i];
            }
            double[] ref = new ReferenceNet(A, p, false, Normalization.DEFAULT_INPUT_SCALE).forward(sd, n);
            for (int i = 0; i < n; i++) {
                assertEquals(ref[i], eval[i], 1e-4, "float64 reference in eval mode");
            }
        }
    }

    @Test
    void runningStatisticsFollowPyTorchMomentumWithUnbiasedVariance() {
        int n = 3;
        Parameters p = TrainingGradientTest.randomised(A, 9);
        float[] sig = TrainingGradientTest.signals(A, n, new SplittableRandom(1).nextLong());
        try (TrainingSession s = new TrainingSession(A, p, ONE)) {
            TrainingSession.StepResult r = s.step(TrainingGradientTest.pack(A, sig, new double[n], n), n, p);
            Parameters before = p.copy();
            EpochLoop.updateRunningStats(A, p, r, n);
            String l = "block0.bn1";
            double k = n * (A.samples() / 2.0);
            for (int c = 0; c < p.values(l + ".mean").length; c++) {
                assertEquals(0.9 * before.values(l + ".mean")[c] + 0.1 * r.batchMean().get(l)[c],
                        p.values(l + ".mean")[c], 1e-6);
                assertEquals(0.9 * before.values(l + ".var")[c] + 0.1 * r.batchVar().get(l)[c] * k / (k - 1),
                        p.values(l + ".var")[c], 1e-6);
            }
        }
    }

    @Test
    void preciseBatchNormAveragesBatchStatisticsOverTrainingBatches() {
        int batch = 3;
        Parameters p = TrainingGradientTest.randomised(A, 12);
        float[] sig = TrainingGradientTest.signals(A, 2 * batch, 13);
        int rec = A.leads() * A.samples();
        SplitData train = new SplitData(new int[] {0, 1, 2, 3, 4, 5}, sig, new double[6],
                org.heatbench.datasets.Lead.INDEPENDENT_8.subList(0, 2), A.samples(), 0);
        int[] perm = {5, 0, 3, 1, 4, 2};
        try (TrainingSession s = new TrainingSession(A, p, ONE)) {
            float[][] stats = new float[2][];
            float[][] vars = new float[2][];
            for (int k = 0; k < 2; k++) {
                float[] x = new float[batch * rec];
                for (int i = 0; i < batch; i++) {
                    System.arraycopy(sig, perm[k * batch + i] * rec, x, i * rec, rec);
                }
                TrainingSession.StepResult r = s.step(TrainingGradientTest.pack(A, x, new double[batch], batch), batch, p);
                stats[k] = r.batchMean().get("block0.bn2");
                vars[k] = r.batchVar().get("block0.bn2");
            }
            EpochLoop.recalibrate(s, p, train, perm, batch, 5);
            double k = batch * (A.samples() / 2.0);
            for (int c = 0; c < stats[0].length; c++) {
                assertEquals((stats[0][c] + stats[1][c]) / 2, p.values("block0.bn2.mean")[c], 1e-5);
                assertEquals((vars[0][c] + vars[1][c]) / 2 * k / (k - 1), p.values("block0.bn2.var")[c],
                        1e-5 * Math.max(1, p.values("block0.bn2.var")[c]));
            }
        }
    }
}
