package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real training runs (seconds) on a small synthetic store. */
class TrainerTest {
    @TempDir
    static Path tmp;
    static Path store;

    /** One residual module, compact widths: fast enough for the test suite. */
    static final Architecture SMALL = Architecture.compact(8).withBlocks(1);

    @BeforeAll
    static void makeStore() {
        store = TinyStores.generate(tmp.resolve("store"), 400);
    }

    static TrainingConfig config(int epochs) {
        return TrainingConfig.study(SMALL, Target.STJ_V5).withEpochs(epochs).withLr(0.005).withThreads(1).withPatience(1);
    }

    @Test
    void lossGoesDownOnALearnableTarget() {
        Trainer.Result r;
        try (EcgStore s = EcgStore.open(store)) {
            r = new Trainer(config(6)).train(s, null, false);
        }
        assertEquals(6, r.history().size());
        double first = r.history().get(0).trainLoss();
        double last = r.history().get(5).trainLoss();
        assertTrue(last < 0.6 * first, "training loss " + first + " -> " + last);
        double bestVal = r.history().get(r.bestEpoch() - 1).valLoss();
        assertTrue(bestVal < 0.7, "validation MSE on the standardised ST-J level: " + bestVal);
        assertTrue(r.samplesPerSecond() > 0);
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        Path ckpt = tmp.resolve("resume.ckpt");
        Trainer.Result whole;
        Trainer.Result resumed;
        try (EcgStore s = EcgStore.open(store)) {
            whole = new Trainer(config(3).withLimits(96, 40)).train(s, null, false);
            new Trainer(config(2).withLimits(96, 40)).train(s, ckpt, false);
            assertTrue(Files.exists(ckpt));
            resumed = new Trainer(config(3).withLimits(96, 40)).train(s, ckpt, true);
            assertThrows(ConfigurationException.class,
                    () -> new Trainer(config(3).withLimits(96, 40).withSeed(9)).train(s, ckpt, true));
        }
        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(3, resumed.history().size());
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        for (String n : whole.best().all().keySet()) {
            assertArrayEquals(whole.best().values(n), resumed.best().values(n), 1e-6f, n);
        }
        assertEquals(whole.history().get(2).valLoss(), resumed.history().get(2).valLoss(), 1e-9);
    }

    @Test
    void trainingRunWritesModelAndCard() throws Exception {
        Path out = tmp.resolve("models/hr.onnx");
        Map<String, Object> card = TrainingRun.run(store, config(1).withLimits(64, 40), out, null, false, "test");
        assertTrue(Files.size(out) > 0);
        assertTrue(Files.exists(tmp.resolve("models/hr.json")));
        OnnxModel m = OnnxModel.load(out);
        assertEquals(StevenNet.INPUT, m.inputName());
        assertEquals("stj_v5", m.proto().getMetadataPropsList().stream()
                .filter(e -> e.getKey().equals(TrainingRun.META_TARGET)).findFirst().orElseThrow().getValue());
        Map<?, ?> test = (Map<?, ?>) ((Map<?, ?>) card.get("metrics")).get("test");
        assertTrue(((Integer) test.get("n")) > 0);
        assertTrue(Double.isFinite((Double) test.get("mae")));
        String json = Files.readString(tmp.resolve("models/hr.json"));
        assertTrue(json.contains("\"study_test_mae\" : 7.86"), json);
    }
}
