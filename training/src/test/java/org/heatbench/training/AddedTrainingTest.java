package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second store joining the training records ({@code train --add-train}). */
class AddedTrainingTest {
    @TempDir
    static Path tmp;
    static Path main;
    static Path extra;
    static Path testOnly;

    @BeforeAll
    static void makeStores() {
        main = TinyStores.generate(tmp.resolve("main"), 200);
        extra = TinyStores.generate(tmp.resolve("extra"), 30, 7, new SplitPolicy(5, 1.0, 0.0));
        testOnly = TinyStores.generate(tmp.resolve("test-only"), 10, 8, new SplitPolicy(5, 0.0, 0.0));
    }

    static final Architecture SMALL_ARCH = TrainerTest.SMALL;

    static TrainingConfig config() {
        return TrainerTest.config(1).withLimits(64, 40);
    }

    @Test
    void joinedSplitHoldsTheOtherRecordsRepeatTimes() {
        List<Lead> leads = Evaluator.leadsFor(8);
        try (EcgStore a = EcgStore.open(main); EcgStore b = EcgStore.open(extra)) {
            SplitData x = SplitData.load(a, Split.TRAIN, Target.QT, leads, 5);
            SplitData y = SplitData.load(b, Split.TRAIN, Target.QT, leads, 0);
            SplitData j = x.joinedWith(y, 3);
            assertEquals(5 + 3 * y.size(), j.size());
            int rec = x.recordSize();
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < y.size(); i++) {
                    int at = 5 + k * y.size() + i;
                    assertEquals(y.targets()[i], j.targets()[at]);
                    assertEquals(-1, j.indices()[at]);
                    assertArrayEquals(Arrays.copyOfRange(y.signals(), i * rec, (i + 1) * rec),
                            Arrays.copyOfRange(j.signals(), at * rec, (at + 1) * rec));
                }
            }
            assertArrayEquals(x.indices(), Arrays.copyOf(j.indices(), 5));
            assertArrayEquals(x.signals(), Arrays.copyOf(j.signals(), 5 * rec));
        }
    }

    @Test
    void perRecordRepeatsKeepTheEqualRepeatLayoutAndCountEachRecord() {
        List<Lead> leads = Evaluator.leadsFor(8);
        try (EcgStore a = EcgStore.open(main); EcgStore b = EcgStore.open(extra)) {
            SplitData x = SplitData.load(a, Split.TRAIN, Target.QT, leads, 4);
            SplitData y = SplitData.load(b, Split.TRAIN, Target.QT, leads, 0);
            int[] three = new int[y.size()];
            Arrays.fill(three, 3);
            SplitData same = x.joinedWith(y, three);
            SplitData old = x.joinedWith(y, 3);
            assertArrayEquals(old.signals(), same.signals(), "equal repeats: the layout of a single repeat");
            assertArrayEquals(old.targets(), same.targets());
            assertArrayEquals(old.indices(), same.indices());

            int[] uneven = new int[y.size()];
            for (int i = 0; i < uneven.length; i++) {
                uneven[i] = i % 3; // 0, 1, 2, 0, ...
            }
            SplitData j = x.joinedWith(y, uneven);
            assertEquals(4 + Arrays.stream(uneven).sum(), j.size());
            int rec = x.recordSize();
            // copy k holds, in order, the records repeated more than k times
            int at = 4;
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < y.size(); i++) {
                    if (uneven[i] > k) {
                        assertEquals(y.targets()[i], j.targets()[at]);
                        assertEquals(-1, j.indices()[at]);
                        assertArrayEquals(Arrays.copyOfRange(y.signals(), i * rec, (i + 1) * rec),
                                Arrays.copyOfRange(j.signals(), at * rec, (at + 1) * rec));
                        at++;
                    }
                }
            }
            assertEquals(j.size(), at);
            assertThrows(IllegalArgumentException.class, () -> x.joinedWith(y, new int[y.size() + 1]));
        }
    }

    @Test
    void wideQrsRecordsCanBeWeightedApart() {
        // generator v4 draws a wide-QRS family (bundle-branch-like complexes) beside narrow ones
        Path mixed = TinyStores.generate(tmp.resolve("wide"), org.heatbench.datasets.synth.GeneratorConfig.v4(40, 3),
                new SplitPolicy(5, 1.0, 0.0), null);
        int wide = 0;
        int n = 0;
        try (EcgStore b = EcgStore.open(mixed)) {
            double[] qrs = b.targetValues(Target.QRS);
            double[] stj = b.targetValues(Target.STJ_V5);
            for (int i : b.indicesOf(Split.TRAIN)) {
                if (Double.isFinite(stj[i])) {
                    n++;
                    wide += qrs[i] >= 120 ? 1 : 0;
                }
            }
        }
        assertTrue(wide > 0 && wide < n, "the fixture needs wide and narrow records: " + wide + " of " + n);
        Trainer.Result r;
        try (EcgStore s = EcgStore.open(main)) {
            r = new Trainer(config(), null, List.of(AddedTraining.of(mixed).withRepeat(2).withWideRepeat(5)))
                    .train(s, null, false);
        }
        Trainer.AddedRecords a = r.added().get(0);
        assertEquals(wide, a.wideRecords());
        assertEquals(5, a.wideRepeat());
        assertEquals(2, a.repeat());
        assertEquals(64 + 2 * (n - wide) + 5 * wide, r.trainRecords());
        TrainingRun.run(main, config(), tmp.resolve("mw/stj.onnx"), null, false, "test", null,
                List.of(AddedTraining.of(mixed).withRepeat(2).withWideRepeat(5)));
        String line = CardSummary.of(tmp.resolve("mw/stj.onnx")).orElseThrow().addedTraining().get(0);
        assertTrue(line.contains(n + " records × 2, " + wide + " with QRS ≥ 120 ms × 5"), line);

        AddedTraining t = AddedTraining.of(extra).withRepeat(2);
        assertEquals(2, t.repeatFor(150), "no wide repeat: every record as the repeat");
        assertEquals(5, t.withWideRepeat(5).repeatFor(120));
        assertEquals(2, t.withWideRepeat(5).repeatFor(119.9));
        assertEquals(2, t.withWideRepeat(5).repeatFor(Double.NaN), "unknown QRS: not wide");
        assertThrows(ConfigurationException.class, () -> t.withWideRepeat(-1));
    }

    @Test
    void addedRecordsJoinEveryEpochAndAreOnTheCard() {
        Trainer.Result plain;
        Trainer.Result mixed;
        try (EcgStore s = EcgStore.open(main)) {
            plain = new Trainer(config()).train(s, null, false);
            mixed = new Trainer(config(), null, List.of(AddedTraining.of(extra).withRepeat(2))).train(s, null, false);
        }
        assertTrue(plain.added().isEmpty());
        Trainer.AddedRecords a = mixed.added().get(0);
        assertEquals(30, a.records());
        assertEquals(2, a.repeat());
        assertEquals(Map.of("generator", 30), a.referenceSources());
        assertEquals(64 + 60, mixed.trainRecords());
        // same seed, same main records: the difference can only come from the joined records
        assertFalse(Arrays.equals(plain.best().values("fc.weight"), mixed.best().values("fc.weight")));
        assertEquals(plain.normalization(), mixed.normalization(), "standardisation stays the main store's");

        Map<String, Object> card = TrainingRun.run(main, config(), tmp.resolve("m/stj.onnx"), null, false, "test",
                null, List.of(AddedTraining.of(extra)));
        List<?> listed = (List<?>) ((Map<?, ?>) card.get("dataset")).get("added_training");
        assertEquals(1, listed.size());
        assertEquals(30, ((Trainer.AddedRecords) listed.get(0)).records());

        CardSummary cs = CardSummary.of(tmp.resolve("m/stj.onnx")).orElseThrow();
        assertEquals(List.of(extra + ": 30 records × 1 (references: generator 30)"), cs.addedTraining());
        assertEquals(card.get("sha256"), cs.cardSha256());
        assertEquals((Double) ((Map<?, ?>) ((Map<?, ?>) card.get("metrics")).get("test")).get("mae"),
                cs.syntheticTestMae());
        assertEquals(null, cs.realN(), "no real validation on the card yet");

        // validate-real: the added store is predicted and summarised, but kept out of the headline error
        Map<String, Object> v = RealValidation.validate(tmp.resolve("m/stj.onnx"), List.of(extra, testOnly), 1, "t");
        List<?> stores = (List<?>) v.get("stores");
        assertEquals("training records", ((Map<?, ?>) stores.get(0)).get("seen_in_training"));
        assertFalse(((Map<?, ?>) stores.get(1)).containsKey("seen_in_training"));
        assertEquals(10, v.get("n_with_reference"), "only the unseen store's 10 records count");
        assertEquals(30, v.get("n_seen_in_training_excluded"));
        RealValidation.writeToCard(tmp.resolve("m/stj.onnx"), v);
        CardSummary after = CardSummary.of(tmp.resolve("m/stj.onnx")).orElseThrow();
        assertEquals(10, after.realN());
        assertTrue(after.realStores().get(0).endsWith("seen in training"), after.realStores().toString());
        // each store's line carries its wide-QRS error where it has such records, as validate-real grouped them
        for (int k = 0; k < 2; k++) {
            Map<?, ?> wide = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) stores.get(k)).get("by_qrs_width"))
                    .get("qrs_120_ms_and_wider");
            int n = (Integer) wide.get("n");
            String line = after.realStores().get(k);
            if (n > 0) {
                assertTrue(line.contains(String.format(java.util.Locale.ROOT, "; QRS ≥ 120 ms: n %d, bias %.1f, MAE %.1f",
                        n, (Double) wide.get("bias"), (Double) wide.get("mae"))), line);
            } else {
                assertFalse(line.contains("QRS ≥ 120 ms"), line);
            }
        }
        int wideRecords = 0;
        try (org.heatbench.datasets.store.EcgStore s = org.heatbench.datasets.store.EcgStore.open(extra)) {
            for (double q : s.targetValues(org.heatbench.datasets.Target.QRS)) {
                wideRecords += q >= 120 ? 1 : 0;
            }
        }
        assertEquals(wideRecords, ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) stores.get(0)).get("by_qrs_width"))
                .get("qrs_120_ms_and_wider")).get("n"), "every wide record with a reference is in the group");
    }

    @Test
    void aModelWithoutACardHasNoSummaryAndABrokenCardIsNamed() throws Exception {
        java.nio.file.Path model = tmp.resolve("nocard/x.onnx");
        java.nio.file.Files.createDirectories(model.getParent());
        assertTrue(CardSummary.of(model).isEmpty());
        java.nio.file.Files.writeString(tmp.resolve("nocard/x.json"), "{ not json");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CardSummary.of(model));
        assertTrue(e.getMessage().contains("x.json"), e.getMessage());
    }

    @Test
    void aRecordGivenInTwoStoresCountsOnceOverall() throws Exception {
        // same seed, same import format: the small store's 4 records are the first 4 of the larger one
        Path all = TinyStores.generate(tmp.resolve("rep-all"), 10, 3, new SplitPolicy(5, 0, 0), "wfdb");
        Path again = TinyStores.generate(tmp.resolve("rep-one"), 4, 3, new SplitPolicy(5, 0, 0), "wfdb");
        Path otherFormat = TinyStores.generate(tmp.resolve("rep-muse"), 4, 3, new SplitPolicy(5, 0, 0), "muse");
        Path model = tmp.resolve("m3/stj.onnx");
        TrainingRun.run(main, config(), model, null, false, "test", null, List.of());
        Map<String, Object> v = RealValidation.validate(model, List.of(all, again, otherFormat), 1, "t");
        List<?> stores = (List<?>) v.get("stores");
        assertEquals(10 + 4, v.get("n_with_reference"), "the repeated 4 count once; another format is another record");
        assertEquals(4, v.get("n_repeated_records_excluded"));
        assertEquals(4, ((Map<?, ?>) stores.get(1)).get("records_counted_in_an_earlier_store"));
        assertEquals(4, ((Map<?, ?>) ((Map<?, ?>) stores.get(1)).get("summary")).get("n"), "the store's own summary");
        assertFalse(((Map<?, ?>) stores.get(2)).containsKey("records_counted_in_an_earlier_store"));
        // the overall MAE is that of the 14 distinct records: the first store's 10 and the other format's 4
        double sum = 0;
        for (Object o : (List<?>) v.get("records")) {
            Map<?, ?> r = (Map<?, ?>) o;
            if (!r.get("store").equals(again.toString())) {
                sum += (Double) r.get("abs_error");
            }
        }
        assertEquals(sum / 14, (Double) v.get("mae"), 1e-9);
    }

    @Test
    void aStoreSharingARecordWithATrainingStoreIsSeen() throws Exception {
        // the same generator seed gives the same ids: the small store's records are among the training store's
        Path trainStore = TinyStores.generate(tmp.resolve("imp-train"), 30, 3, new SplitPolicy(5, 1.0, 0.0), "wfdb");
        Path sameRecords = TinyStores.generate(tmp.resolve("imp-one"), 4, 3, new SplitPolicy(5, 0, 0), "wfdb");
        Path otherFormat = TinyStores.generate(tmp.resolve("imp-muse"), 4, 3, new SplitPolicy(5, 0, 0), "muse");
        Path model = tmp.resolve("m2/stj.onnx");
        TrainingRun.run(main, config(), model, null, false, "test", null, List.of(AddedTraining.of(trainStore)));
        Map<String, Object> v = RealValidation.validate(model, List.of(sameRecords, otherFormat), 1, "t");
        List<?> stores = (List<?>) v.get("stores");
        String role = (String) ((Map<?, ?>) stores.get(0)).get("seen_in_training");
        assertTrue(role != null && role.contains("(import format wfdb) were used for training records")
                && role.contains(trainStore.toString()), role);
        assertFalse(((Map<?, ?>) stores.get(1)).containsKey("seen_in_training"), "another import format");
        assertEquals(4, v.get("n_with_reference"));

        // the card lists the records themselves: found without the training store (moved away, another machine)
        java.nio.file.Path moved = tmp.resolve("imp-train-moved");
        java.nio.file.Files.move(trainStore, moved);
        Map<String, Object> again = RealValidation.validate(model, List.of(sameRecords), 1, "t");
        assertTrue(((Map<?, ?>) ((List<?>) again.get("stores")).get(0)).containsKey("seen_in_training"));
        assertEquals(0, again.get("n_with_reference"));
        java.nio.file.Files.move(moved, trainStore);
    }

    @Test
    void validationFromAnotherStoreSelectsTheEpoch() {
        Path valStore = TinyStores.generate(tmp.resolve("val"), 40, 9, new SplitPolicy(5, 0.5, 0.5));
        int valCount;
        try (EcgStore v = EcgStore.open(valStore)) {
            valCount = v.indicesOf(Split.VAL).length;
        }
        Trainer.Result r;
        try (EcgStore s = EcgStore.open(main)) {
            r = new Trainer(TrainerTest.config(3).withLimits(64, 40)).withValidationFrom(valStore).train(s, null, false);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new Trainer(config()).withValidationFrom(extra).train(s, null, false));
            assertTrue(e.getMessage().contains(extra.toString()) && e.getMessage().contains("validation"),
                    e.getMessage());
        }
        assertTrue(valCount > 5 && valCount < 35, "val split of the validation store: " + valCount);
        assertEquals(valCount, r.valRecords());
        assertEquals(valStore.toString(), r.validationStore());
        // the kept epoch is the one with the lowest loss on the validation store's records
        double best = r.history().stream().mapToDouble(EpochRecord::valLoss).min().orElseThrow();
        assertEquals(best, r.history().get(r.bestEpoch() - 1).valLoss());
        // and that loss is the validation store's: recompute it from the kept parameters
        try (EcgStore v = EcgStore.open(valStore); TrainingSession ts = new TrainingSession(SMALL_ARCH, r.best(),
                org.heatbench.methods.runtime.ExecutionOptions.defaults().withIntraOpThreads(1))) {
            SplitData d = SplitData.load(v, Split.VAL, Target.STJ_V5, Evaluator.leadsFor(8), 0);
            float[] z = ts.predict(d.signals(), d.size(), r.best());
            double mse = 0;
            for (int i = 0; i < z.length; i++) {
                double e = z[i] - r.normalization().normalise(d.targets()[i]);
                mse += e * e;
            }
            assertEquals(best, mse / z.length, 1e-4 * Math.max(1, best));
        }
    }

    @Test
    void aStoreWithoutTrainingRecordsOrABadRepeatIsRefusedBeforeTraining() {
        try (EcgStore s = EcgStore.open(main)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new Trainer(config(), null, List.of(AddedTraining.of(testOnly))).train(s, null, false));
            assertTrue(e.getMessage().contains(testOnly.toString()) && e.getMessage().contains("--split"),
                    e.getMessage());
        }
        assertThrows(ConfigurationException.class, () -> AddedTraining.of(extra).withRepeat(0));
    }
}
