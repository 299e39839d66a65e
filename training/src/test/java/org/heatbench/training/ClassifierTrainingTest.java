package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-label classifier's training: the compiled binary cross-entropy with logits against the float64
 * {@link ReferenceNet} (textbook −[y ln σ + (1 − y) ln(1 − σ)] form) and central finite differences of it, the
 * closed-form head gradient at saturated logits, and a short training run on a tiny generated store.
 */
class ClassifierTrainingTest {
    static final Architecture TINY3 = TrainingGradientTest.TINY.withOutputs(3);
    static final int N = 4;

    @TempDir
    Path tmp;

    static float[] pack(Architecture a, float[] sig, double[] labels, int n) {
        int rec = a.leads() * a.samples();
        int k = a.outputs();
        float[] b = new float[n * (rec + k)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sig, i * rec, b, i * (rec + k), rec);
            for (int o = 0; o < k; o++) {
                b[i * (rec + k) + rec + o] = (float) labels[i * k + o];
            }
        }
        return b;
    }

    @Test
    void bceWithLogitsElementMatchesTheTextbookFormAndStaysFiniteWhenSaturated() {
        for (double z : new double[] {-8, -1.5, -0.1, 0.3, 2, 9}) {
            for (double y : new double[] {0, 1}) {
                double q = 1 / (1 + Math.exp(-z));
                double naive = -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
                assertEquals(naive, Loss.bceWithLogits(z, y), 1e-12, "z=" + z + " y=" + y);
            }
        }
        // at |z| = 800 the naive form takes log(0); the stable form is |z| for the wrong label, 0 for the right one
        assertEquals(800, Loss.bceWithLogits(800, 0), 1e-9);
        assertEquals(0, Loss.bceWithLogits(800, 1), 1e-12);
        assertEquals(800, Loss.bceWithLogits(-800, 1), 1e-9);
        assertEquals(Math.log(2), Loss.bceWithLogits(0, 1), 1e-15);
    }

    @Test
    void compiledBceStepMatchesFloat64ReferenceAndFiniteDifferences() {
        Parameters p = TrainingGradientTest.randomised(TINY3, 5);
        // a head with logits of a few units, so both tails of the loss are exercised
        float[] w = p.values("fc.weight");
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 2);
        }
        p.values("fc.bias")[0] = 1.5f;
        p.values("fc.bias")[2] = -2f;
        float[] sig = TrainingGradientTest.signals(TINY3, N, 6);
        double[] sigD = new double[sig.length];
        for (int i = 0; i < sig.length; i++) {
            sigD[i] = sig[i];
        }
        double[] y = {1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0};
        TrainingSession.StepResult res;
        try (TrainingSession s = new TrainingSession(TINY3, p, ExecutionOptions.defaults().withIntraOpThreads(1),
                Loss.BCE_WITH_LOGITS)) {
            res = s.step(pack(TINY3, sig, y, N), N, p);
        }
        ReferenceNet ref = new ReferenceNet(TINY3, p, true, Normalization.DEFAULT_INPUT_SCALE);
        double refLoss = ref.bceLoss(sigD, y, N);
        assertEquals(refLoss, res.loss(), 1e-5 * Math.max(1, refLoss), "loss");
        double[][] z = ref.forwardRows(sigD, N);
        assertEquals(N * 3, res.predictions().length);
        for (int i = 0; i < N; i++) {
            for (int o = 0; o < 3; o++) {
                assertEquals(z[i][o], res.predictions()[i * 3 + o], 1e-4, "logit " + i + "," + o);
            }
        }
        double h = 1e-6;
        int checked = 0;
        double maxScale = 0;
        for (String name : p.trainableNames()) {
            float[] g = res.gradients().get(name);
            double[] fd = new double[g.length];
            double scale = 0;
            for (int e = 0; e < g.length; e++) {
                ReferenceNet plus = new ReferenceNet(TINY3, p, true, Normalization.DEFAULT_INPUT_SCALE);
                ReferenceNet minus = new ReferenceNet(TINY3, p, true, Normalization.DEFAULT_INPUT_SCALE);
                plus.p.get(name)[e] += h;
                minus.p.get(name)[e] -= h;
                fd[e] = (plus.bceLoss(sigD, y, N) - minus.bceLoss(sigD, y, N)) / (2 * h);
                scale = Math.max(scale, Math.abs(fd[e]));
            }
            // a conv bias followed by training-mode BatchNormalization has a zero gradient (the batch mean cancels it)
            maxScale = Math.max(maxScale, scale);
            for (int e = 0; e < g.length; e++) {
                assertEquals(fd[e], g[e], 2e-3 * scale + 1e-6, name + "[" + e + "]");
                checked++;
            }
        }
        assertTrue(maxScale > 1e-3, "gradients are not all zero");
        assertTrue(Math.abs(res.gradients().get("fc.weight")[0]) > 1e-5, "the head's gradient is not zero");
        assertEquals(TINY3.parameterCount(), checked, "Architecture.parameterCount counts the 3-logit head");
    }

    @Test
    void saturatedLogitsGiveAFiniteLossAndTheClosedFormHeadGradient() {
        Parameters p = TrainingGradientTest.randomised(TINY3, 7);
        // biases of ±60: σ(z) rounds to 0 or 1 in float32, where the textbook form would give log(0) = -inf
        p.values("fc.bias")[0] = 60f;
        p.values("fc.bias")[1] = -60f;
        p.values("fc.bias")[2] = 60f;
        float[] sig = TrainingGradientTest.signals(TINY3, N, 8);
        double[] y = {0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1};
        TrainingSession.StepResult res;
        try (TrainingSession s = new TrainingSession(TINY3, p, ExecutionOptions.defaults().withIntraOpThreads(1),
                Loss.BCE_WITH_LOGITS)) {
            res = s.step(pack(TINY3, sig, y, N), N, p);
        }
        double expected = 0;
        double[] bias = new double[3];
        for (int i = 0; i < N; i++) {
            for (int o = 0; o < 3; o++) {
                double zi = res.predictions()[i * 3 + o];
                expected += Loss.bceWithLogits(zi, y[i * 3 + o]) / (N * 3);
                // ∂/∂b_o of the mean loss: Σ_i (σ(z_io) − y_io) / (N · outputs)
                bias[o] += (1 / (1 + Math.exp(-zi)) - y[i * 3 + o]) / (N * 3);
            }
        }
        assertTrue(Double.isFinite(res.loss()) && res.loss() > 10, "loss " + res.loss());
        assertEquals(expected, res.loss(), 1e-5 * expected);
        for (int o = 0; o < 3; o++) {
            assertEquals(bias[o], res.gradients().get("fc.bias")[o], 1e-6, "fc.bias[" + o + "]");
        }
    }

    @Test
    void shortTrainingOnATinyStoreLowersTheLossAndExportsLogits() {
        Path store = TinyStores.generate(tmp.resolve("store"), 320);
        List<String> labels = List.of("TINV_V5", "WIDE_QRS", "BRADY");
        TrainingConfig cfg = TrainingConfig.study(Architecture.compact(8).withOutputs(3), null).withEpochs(4)
                .withBatch(16).withLr(0.003).withThreads(1).withBnBatches(4);
        Path out = tmp.resolve("cls.onnx");
        Map<String, Object> card = ClassifierRun.run(store, cfg, labels, out, "test", null, (yv, zv) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n_scored", yv.length);
            return m;
        }, List.of());
        Map<?, ?> training = (Map<?, ?>) card.get("training");
        List<?> history = (List<?>) training.get("history");
        assertEquals(4, history.size());
        double first = ((EpochRecord) history.get(0)).trainLoss();
        double last = ((EpochRecord) history.get(3)).trainLoss();
        assertTrue(last < 0.8 * first, "training BCE " + first + " -> " + last);
        OnnxModel m = OnnxModel.load(out);
        assertEquals(List.of(StevenNet.LOGIT), m.outputNames());
        Map<?, ?> test = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) card.get("metrics")).get("test")).get("labels");
        assertEquals(labels, List.copyOf(test.keySet().stream().map(Object::toString).toList()));
        try (EcgStore s = EcgStore.open(store)) {
            LabelledSplit t = LabelledSplit.load(s, org.heatbench.datasets.Split.TEST, labels,
                    Evaluator.leadsFor(8), 0);
            assertEquals(t.size(), ((Map<?, ?>) test.get("BRADY")).get("n"));
            assertEquals(t.positives(0), ((Map<?, ?>) test.get("TINV_V5")).get("positive"));
        }
        assertFalse(((Map<?, ?>) card.get("io")).get("activation").toString().isEmpty());
    }

    @Test
    void trunkOfAShippedRegressorStartsAClassifier() {
        Path qt = Path.of("..", "models", "qt.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(qt), "models/qt.onnx absent");
        Architecture a = Architecture.compact(8).withOutputs(7);
        Parameters p = WarmStart.loadTrunk(a, qt, 1);
        Parameters regressor = WarmStart.load(Architecture.compact(8), qt);
        for (Parameters.Spec s : p.specs()) {
            if (!s.name().startsWith("fc.")) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(regressor.values(s.name()), p.values(s.name()),
                        s.name());
            }
        }
        assertEquals(7 * 16, p.values("fc.weight").length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                Parameters.initialise(StevenNet.specs(a), 1).values("fc.weight"), p.values("fc.weight"),
                "the head comes from the seed");
        // the whole model cannot start a 7-output network: its head has another shape, and the message says so
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> WarmStart.load(a, qt));
        assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
    }

    @Test
    void unknownLabelIsOneClearError() {
        Path store = TinyStores.generate(tmp.resolve("s2"), 40);
        TrainingConfig cfg = TrainingConfig.study(Architecture.compact(8).withOutputs(1), null).withEpochs(1)
                .withBatch(4).withThreads(1);
        try (EcgStore s = EcgStore.open(store)) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new ClassifierTrainer(cfg, List.of("AFIB"), null).train(s));
            assertTrue(e.getMessage().contains("'AFIB'") && e.getMessage().contains("TACHY"), e.getMessage());
        }
    }

    /** Labels of the resume test: an interval, an amplitude and a rate label of the tiny store. */
    static final List<String> RESUME_LABELS = List.of("WIDE_QRS", "TINV_V5", "BRADY");

    static TrainingConfig resumeConfig(int epochs) {
        // a high rate and patience 0: the plateau lowers the rate before the interruption, so its restored state
        // matters
        return TrainingConfig.study(TrainerTest.SMALL.withOutputs(RESUME_LABELS.size()), null).withEpochs(epochs)
                .withLr(0.2).withPatience(0).withThreads(1).withBnBatches(2).withLimits(96, 40);
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        Path store = TinyStores.generate(tmp.resolve("resume-store"), 320);
        Path ckpt = tmp.resolve("cls.ckpt");
        ClassifierTrainer.Result whole;
        ClassifierTrainer.Result resumed;
        try (EcgStore s = EcgStore.open(store)) {
            whole = new ClassifierTrainer(resumeConfig(6), RESUME_LABELS, null).train(s, null, false);
            new ClassifierTrainer(resumeConfig(3), RESUME_LABELS, null).train(s, ckpt, false);
            assertTrue(Files.exists(ckpt));
            resumed = new ClassifierTrainer(resumeConfig(6), RESUME_LABELS, null).train(s, ckpt, true);

            // other settings: one line naming the checkpoint
            ConfigurationException seed = assertThrows(ConfigurationException.class, () -> new ClassifierTrainer(
                    resumeConfig(3).withSeed(9), RESUME_LABELS, null).train(s, ckpt, true));
            assertTrue(seed.getMessage().contains(ckpt.toString()) && !seed.getMessage().contains("\n"),
                    seed.getMessage());
            ConfigurationException other = assertThrows(ConfigurationException.class, () -> new ClassifierTrainer(
                    resumeConfig(3), List.of("WIDE_QRS", "BRADY", "TINV_V5"), null).train(s, ckpt, true));
            assertTrue(other.getMessage().contains("other settings"), other.getMessage());
            Path missing = tmp.resolve("none.ckpt");
            ConfigurationException none = assertThrows(ConfigurationException.class, () -> new ClassifierTrainer(
                    resumeConfig(3), RESUME_LABELS, null).train(s, missing, true));
            assertTrue(none.getMessage().contains(missing.toString()) && none.getMessage().contains("does not exist"),
                    none.getMessage());
            // a regression checkpoint of the same store is not a classifier's to continue
            Path reg = tmp.resolve("reg.ckpt");
            new Trainer(TrainingConfig.study(TrainerTest.SMALL, Target.STJ_V5).withEpochs(1).withThreads(1)
                    .withBnBatches(2).withLimits(96, 40)).train(s, reg, false);
            assertThrows(ConfigurationException.class, () -> new ClassifierTrainer(resumeConfig(3), RESUME_LABELS,
                    null).train(s, reg, true));
        }
        assertEquals(0, whole.resumedFromEpoch());
        assertEquals(3, resumed.resumedFromEpoch());
        assertEquals(6, resumed.history().size());
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        assertEquals(whole.stopReason(), resumed.stopReason());
        for (String n : whole.best().all().keySet()) {
            assertArrayEquals(whole.best().values(n), resumed.best().values(n), 1e-6f, n);
        }
        for (int e = 0; e < 6; e++) {
            assertEquals(whole.history().get(e).valLoss(), resumed.history().get(e).valLoss(), 1e-9, "epoch " + e);
            assertEquals(whole.history().get(e).lr(), resumed.history().get(e).lr(), 0, "epoch " + e);
        }
        assertTrue(whole.history().get(3).lr() < whole.history().get(0).lr(), "the rate was lowered before the resume: "
                + whole.history());
    }

    @Test
    void resumedClassifierRunRecordsItOnTheCard() throws Exception {
        Path store = TinyStores.generate(tmp.resolve("card-store"), 160);
        Path out = tmp.resolve("m/cls.onnx");
        Path ckpt = tmp.resolve("m/cls.onnx.ckpt");
        ClassifierRun.LabelMetrics none = (yv, zv) -> new LinkedHashMap<>();
        TrainingConfig one = resumeConfig(1).withLimits(64, 20);
        Map<String, Object> first = ClassifierRun.run(store, one, RESUME_LABELS, out, ckpt, false, "test", null, none,
                List.of());
        assertEquals(0, ((Map<?, ?>) first.get("training")).get("resumed_from_epoch"));
        Map<String, Object> card = ClassifierRun.run(store, resumeConfig(2).withLimits(64, 20), RESUME_LABELS, out,
                ckpt, true, "test", null, none, List.of());
        Map<?, ?> training = (Map<?, ?>) card.get("training");
        assertEquals(1, training.get("resumed_from_epoch"));
        assertEquals(2, ((List<?>) training.get("history")).size());
        assertTrue(Files.readString(tmp.resolve("m/cls.json")).contains("\"resumed_from_epoch\" : 1"));
    }
}
