package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fine-tuning from an exported model, and the real-median validation written into the card. */
class WarmStartAndRealValidationTest {
    @TempDir
    static Path tmp;
    static Path store;
    static Path model;

    @BeforeAll
    static void trainOnce() {
        store = TinyStores.generate(tmp.resolve("store"), 300);
        model = tmp.resolve("m/stj_v5.onnx");
        TrainingRun.run(store, config(4), model, null, false, "test");
    }

    static TrainingConfig config(int epochs) {
        return TrainingConfig.study(TrainerTest.SMALL, Target.STJ_V5).withEpochs(epochs).withLr(0.005).withThreads(1)
                .withPatience(1);
    }

    @Test
    void warmStartContinuesFromTheExportedModel() {
        Trainer.Result scratch;
        Trainer.Result warm;
        try (EcgStore s = EcgStore.open(store)) {
            scratch = new Trainer(config(1)).train(s, null, false);
            warm = new Trainer(config(1), model).train(s, null, false);
        }
        double a = scratch.history().get(0).valLoss();
        double b = warm.history().get(0).valLoss();
        assertTrue(b < a, "first-epoch validation loss: warm " + b + " vs scratch " + a);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> WarmStart.load(Architecture.compact(8), model));
        assertTrue(e.getMessage().contains(model.toString()) && e.getMessage().contains("initializer"),
                e.getMessage());
    }

    @Test
    void criteriaFollowIssue15() {
        assertTrue(RealValidation.passes(Target.QT, 420, 450));
        assertFalse(RealValidation.passes(Target.QT, 420, 450.5));
        assertTrue(RealValidation.passes(Target.PR, 148, 123));
        assertFalse(RealValidation.passes(Target.QRS, 120, 104));
        assertTrue(RealValidation.passes(Target.R_AMP_V5, 1000, 1199));
        assertFalse(RealValidation.passes(Target.R_AMP_V5, 1000, 790));
        assertTrue(RealValidation.passes(Target.HR, Double.NaN, 41));
        assertFalse(RealValidation.passes(Target.HR, 71.6, 39.9));
        assertNull(RealValidation.passes(Target.STJ_V5, 10, 12));
        assertNull(RealValidation.passes(Target.QT, Double.NaN, 400));
    }

    @Test
    void validationPredictsEveryRecordAndWritesTheCard() throws Exception {
        Map<String, Object> v = RealValidation.validate(model, List.of(store), 1, "heatbench validate-real test");
        List<?> rows = (List<?>) v.get("records");
        double[] pred;
        double[] ref;
        try (EcgStore s = EcgStore.open(store);
                Evaluator ev = new Evaluator(OnnxModel.load(model), ExecutionOptions.defaults())) {
            assertEquals(s.size(), rows.size());
            int[] all = new int[s.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            pred = ev.predict(s, all);
            ref = s.targetValues(Target.STJ_V5);
        }
        double mae = 0;
        for (int i = 0; i < pred.length; i++) {
            mae += Math.abs(pred[i] - ref[i]) / pred.length;
        }
        assertEquals(mae, (Double) v.get("mae"), 1e-6);
        assertNull(v.get("all_within_criterion"), "ST-J has no criterion");
        assertEquals("generator", ((Map<?, ?>) rows.get(0)).get("reference_source"), "a synthetic store's source");
        Map<?, ?> st = (Map<?, ?>) ((List<?>) v.get("stores")).get(0);
        assertEquals(mae, (Double) ((Map<?, ?>) st.get("summary")).get("mae"), 1e-6);
        RealValidation.writeToCard(model, v);
        String card = Files.readString(TrainingRun.cardPath(model));
        assertTrue(card.contains("\"real_validation\"") && card.contains("\"sha256\""), card);
        assertTrue(card.contains("\"records\" : [ ]") && card.contains("\"largest_errors\""),
                "a store of " + rows.size() + " records: summary and largest errors on the card, no rows");
        Map<String, Object> wrong = new java.util.LinkedHashMap<>(v);
        wrong.put("model_sha256", "0".repeat(64));
        assertThrows(InvalidInputException.class, () -> RealValidation.writeToCard(model, wrong));
    }
}
