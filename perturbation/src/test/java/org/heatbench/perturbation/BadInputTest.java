package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives a clear error or a per-record report — never a silent drop. */
class BadInputTest {
    private static final int L = 8;
    private static final int S = 600;
    private static final PerturbationConfig CONFIG = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(10));

    @TempDir
    Path tmp;

    private static PerturbationEvaluator evaluator(OnnxModel model, PerturbationConfig config, List<String> methods) {
        return PerturbationEvaluator.create(OnnxScorer.create(model, ExecutionOptions.defaults(), 0, 0, L, S), config,
                BatchBudget.DEFAULT, 1, "qt", methods);
    }

    private static RecordInput record(String id, float[] x, double truth, Map<String, float[]> attr) {
        return new RecordInput(id, 0, x, truth, null, attr);
    }

    private static float[] ones() {
        float[] a = new float[L * S];
        Arrays.fill(a, 1f);
        return a;
    }

    @Test
    void attributionShapeDifferentFromTheInputIsAnError() {
        try (PerturbationEvaluator ev = evaluator(TestModels.smallCnn(L, S, 1), CONFIG, List.of("m"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ev.evaluate(List.of(
                    record("r1", Fixtures.beat(1).noisy(), 400, Map.of("m", new float[L * S - 600])))));
            assertTrue(e.getMessage().contains("attribution of method 'm' for record r1 has 4200 values"), e.getMessage());
            assertTrue(e.getMessage().contains("attribution shape must equal input shape"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> ev.evaluate(List.of(
                    record("r2", new float[12 * S], 400, Map.of("m", ones())))));
            assertThrows(InvalidInputException.class, () -> ev.evaluate(List.of(
                    record("r3", Fixtures.beat(1).noisy(), 400, Map.of("other", ones())))));
        }
    }

    @Test
    void aMethodReturningAnotherShapeFailsTheRunWithItsName() throws Exception {
        Path store = Fixtures.store(tmp.resolve("s"), 3, Lead.INDEPENDENT_8);
        AttributionMethod half = new AttributionMethod() {
            @Override
            public MethodSpec spec() {
                return MethodSpec.parse("half");
            }

            @Override
            public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
                return new Attributor() {
                    @Override
                    public MethodSpec spec() {
                        return MethodSpec.parse("half");
                    }

                    @Override
                    public Attribution attribute(FloatTensor inputs, long[] recordSeeds) {
                        return new Attribution(FloatTensor.zeros(inputs.batchSize(), 4, S), null, null);
                    }

                    @Override
                    public String provider() {
                        return "none";
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        try (EcgStore s = EcgStore.open(store)) {
            RunSpec spec = RunSpec.of(Target.QT, List.of(half), CONFIG, 1);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> PerturbationRunner.run(
                    TestModels.smallCnn(L, S, 1), s, new int[] {0, 1, 2}, spec, r -> { }, p -> { }));
            assertTrue(e.getMessage().contains("method 'half' returned attributions of shape [3, 4, 600] for inputs "
                    + "of shape [3, 8, 600]"), e.getMessage());
        }
    }

    @Test
    void nonFiniteAttributionInputAndPredictionAreReportedPerRecord() {
        List<String> methods = List.of("good", "nan");
        Map<String, float[]> attr = new LinkedHashMap<>();
        attr.put("good", ones());
        float[] nan = ones();
        nan[3 * S + 17] = Float.NaN;
        attr.put("nan", nan);
        float[] badInput = Fixtures.beat(2).noisy();
        badInput[5] = Float.POSITIVE_INFINITY;
        List<RecordEvaluation> out;
        try (PerturbationEvaluator ev = evaluator(TestModels.smallCnn(L, S, 1), CONFIG, methods)) {
            out = ev.evaluate(List.of(record("r1", Fixtures.beat(1).noisy(), 400, attr),
                    record("r2", badInput, 400, Map.of("good", ones(), "nan", ones()))));
        }
        RecordEvaluation r1 = out.get(0);
        assertEquals(MethodStatus.OK, r1.status());
        assertTrue(r1.methods().get(0).ok());
        MethodEvaluation bad = r1.methods().get(1);
        assertEquals(MethodStatus.NON_FINITE_ATTRIBUTION, bad.status());
        assertEquals("attribution has a non-finite value at lead 3, sample 17 (NaN)", bad.message());
        assertFalse(r1.allMethodsOk());
        RecordEvaluation r2 = out.get(1);
        assertEquals(MethodStatus.NON_FINITE_INPUT, r2.status());
        assertTrue(r2.methods().stream().allMatch(m -> m.status() == MethodStatus.NON_FINITE_INPUT));
        assertNull(r2.control());

        SummaryAccumulator acc = SummaryAccumulator.create(CONFIG, "qt", methods);
        out.forEach(acc::accept);
        PerturbationSummary s = acc.finish();
        assertEquals(2, s.counts().records());
        assertEquals(2, s.counts().excluded());
        assertEquals(0, s.counts().commonSet());
        assertEquals(1L, s.methodCounts().get(1).statuses().get("non_finite_attribution"));
        assertEquals(1L, s.methodCounts().get(1).statuses().get("non_finite_input"));
        assertEquals(2, s.problems().stream().filter(p -> p.startsWith("r2 ")).count() + 0L);

        // a model that returns NaN once the first sample is replaced by -10: log(x[0, 0] + 1)
        float[] x = Fixtures.beat(3).noisy();
        x[0] = 5;
        float[] first = new float[L * S];
        first[0] = 1;
        PerturbationConfig constant = CONFIG.withPerturbation(PerturbationFunction.constant(-10));
        try (PerturbationEvaluator ev = evaluator(TestModels.logOfFirst(L, S, 1), constant, List.of("first"))) {
            RecordEvaluation e = ev.evaluate(List.of(record("r4", x, 400, Map.of("first", first)))).get(0);
            assertEquals(MethodStatus.OK, e.status());
            assertEquals(MethodStatus.NON_FINITE_PREDICTION, e.methods().get(0).status());
            assertEquals("model output is NaN at morf step 1", e.methods().get(0).message());
        }
    }

    @Test
    void aMissingTargetGivesCurvesWithoutErrorAndIsCounted() {
        List<RecordEvaluation> out;
        try (PerturbationEvaluator ev = evaluator(TestModels.smallCnn(L, S, 1), CONFIG, List.of("m"))) {
            out = ev.evaluate(List.of(record("with", Fixtures.beat(1).noisy(), 400, Map.of("m", ones())),
                    record("without", Fixtures.beat(2).noisy(), Double.NaN, Map.of("m", ones()))));
        }
        RecordEvaluation without = out.get(1);
        assertTrue(without.allMethodsOk());
        int auc = ScoreLayout.of(CONFIG).indexOf("auc");
        MethodEvaluation m = without.methods().get(0);
        assertTrue(Double.isNaN(m.score(CurveKind.ERROR, auc)));
        assertTrue(Double.isNaN(m.score(CurveKind.RELATIVE_ERROR, auc)));
        assertTrue(Double.isFinite(m.score(CurveKind.CHANGE, auc)));
        assertTrue(m.constantAttribution(), "an all-ones map is constant: evaluated in region order and flagged");

        SummaryAccumulator acc = SummaryAccumulator.create(CONFIG, "qt", List.of("m"));
        out.forEach(acc::accept);
        PerturbationSummary s = acc.finish();
        assertEquals(1, s.counts().missingTruth());
        assertEquals(List.of("without"), s.missingTruth());
        assertEquals(2, s.counts().commonSet());
        PerturbationSummary.CurveSummary err = s.curves().stream()
                .filter(c -> c.participant().equals("m") && c.order() == Order.MORF && c.curve() == CurveKind.ERROR)
                .findFirst().orElseThrow();
        assertEquals(1, err.mean().n());
        PerturbationSummary.CurveSummary change = s.curves().stream()
                .filter(c -> c.participant().equals("m") && c.order() == Order.MORF && c.curve() == CurveKind.CHANGE)
                .findFirst().orElseThrow();
        assertEquals(2, change.mean().n());
        assertEquals(2, s.methodCounts().get(0).constantAttribution(), "both records bring an all-ones map");
    }

    @Test
    void moreStepsThanRegionsIsAConfigurationError() {
        OnnxModel model = TestModels.smallCnn(L, S, 1);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> evaluator(model,
                CONFIG.withRegions(RegionScheme.windows(100)).withSchedule(Schedule.of(7)), List.of("m")));
        assertTrue(e.getMessage().contains("7 steps x 1 region(s) per step = 7 regions, but a record of 8 leads x 600 "
                + "samples cut into 'window:w=100' regions has only 6"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> CONFIG.withSchedule(Schedule.of(4801)).requireFits(L, S));
        CONFIG.withSchedule(Schedule.of(4800)).requireFits(L, S);
        assertThrows(ConfigurationException.class, () -> CONFIG.withSchedule(new Schedule(2400, 3, true))
                .requireFits(L, S));
    }

    @Test
    void modelLeadsAreMatchedToTheStoreOrRefused() {
        Path twelve = Fixtures.store(tmp.resolve("twelve"), 2, Lead.STANDARD_12);
        Path eight = Fixtures.store(tmp.resolve("eight"), 2, Lead.INDEPENDENT_8);
        try (EcgStore s12 = EcgStore.open(twelve); EcgStore s8 = EcgStore.open(eight)) {
            assertEquals(Lead.INDEPENDENT_8, PerturbationRunner.leadsFor(TestModels.smallCnn(8, S, 1), s12));
            assertEquals(Lead.STANDARD_12, PerturbationRunner.leadsFor(TestModels.smallCnn(12, S, 1), s12));
            assertEquals(Lead.STANDARD_12, PerturbationRunner.leadsFor(TestModels.smallCnn(12, S, 1), s8),
                    "an 8-lead store derives III, aVR, aVL, aVF for a 12-lead model");
            ConfigurationException five = assertThrows(ConfigurationException.class,
                    () -> PerturbationRunner.leadsFor(TestModels.smallCnn(5, S, 1), s12));
            assertTrue(five.getMessage().contains("takes 5 leads"), five.getMessage());
            ConfigurationException len = assertThrows(ConfigurationException.class,
                    () -> PerturbationRunner.leadsFor(TestModels.smallCnn(8, 500, 1), s12));
            assertTrue(len.getMessage().contains("takes 500 samples per lead"), len.getMessage());
            MethodRegistry reg = MethodRegistry.standard();
            RunSpec spec = RunSpec.of(Target.QT, List.of(reg.create("saliency")), CONFIG, 1);
            assertThrows(ConfigurationException.class, () -> PerturbationRunner.run(TestModels.smallCnn(8, S, 1), s12,
                    new int[0], spec, r -> { }, p -> { }));
            assertThrows(ConfigurationException.class, () -> PerturbationRunner.run(TestModels.smallCnn(8, S, 1), s12,
                    new int[] {5}, spec, r -> { }, p -> { }));
            List<RecordEvaluation> got = new ArrayList<>();
            PerturbationRunner.run(TestModels.smallCnn(12, S, 1), s8, new int[] {1, 0}, spec, got::add, p -> { });
            assertEquals(List.of("synth-00000001", "synth-00000000"), got.stream().map(RecordEvaluation::recordId)
                    .toList(), "records come back in selection order");
            assertTrue(got.get(0).maskDefined(), "synthetic records carry fiducials: QT masks exist");
            assertTrue(got.get(0).methods().get(0).localization() != null);
        }
    }
}
