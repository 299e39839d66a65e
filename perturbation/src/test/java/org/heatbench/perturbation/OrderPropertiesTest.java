package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.datasets.Target;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.Test;

/** Properties of the orders on models whose relevant inputs are known. */
class OrderPropertiesTest {
    private static final int LEADS = 8;
    private static final int SAMPLES = 600;

    private static List<RecordEvaluation> evaluate(OnnxModel model, PerturbationConfig config, List<String> methods,
            List<Map<String, float[]>> attributions) {
        List<RecordInput> in = new ArrayList<>();
        for (int r = 0; r < attributions.size(); r++) {
            in.add(new RecordInput("r" + r, r, Fixtures.beat(100 + r).noisy(), Double.NaN, null, attributions.get(r)));
        }
        try (PerturbationEvaluator ev = PerturbationEvaluator.create(
                OnnxScorer.create(model, ExecutionOptions.defaults(), 0, 0, LEADS, SAMPLES), config,
                BatchBudget.DEFAULT, 5, "qt", methods)) {
            return ev.evaluate(in);
        }
    }

    @Test
    void morfDegradesFastestWhenTheAttributionPointsAtTheOnlyRegionTheModelReads() {
        // the model reads 40 samples of lead 2 only
        float[] w = new float[LEADS * SAMPLES];
        float[] atRegion = new float[w.length];
        float[] elsewhere = new float[w.length];
        for (int t = 200; t < 240; t++) {
            w[2 * SAMPLES + t] = 0.01f;
            atRegion[2 * SAMPLES + t] = 1;
            elsewhere[5 * SAMPLES + t + 200] = 1;
        }
        OnnxModel model = TestModels.linear(LEADS, SAMPLES, w);
        PerturbationConfig config = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(60));
        List<String> methods = List.of("at_region", "elsewhere", "noise");
        List<Map<String, float[]>> attributions = new ArrayList<>();
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(9L);
        for (int r = 0; r < 6; r++) {
            Map<String, float[]> a = new LinkedHashMap<>();
            a.put("at_region", atRegion);
            a.put("elsewhere", elsewhere);
            float[] noise = new float[w.length];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextDouble();
            }
            a.put("noise", noise);
            attributions.add(a);
        }
        List<RecordEvaluation> results = evaluate(model, config, methods, attributions);
        int auc = ScoreLayout.of(config).indexOf("auc");
        RelativeError rel = config.relativeError();
        for (RecordEvaluation e : results) {
            MethodEvaluation at = e.methods().get(0);
            double best = at.score(CurveKind.CHANGE, auc);
            assertTrue(best > e.methods().get(1).score(CurveKind.CHANGE, auc), e.recordId());
            assertTrue(best > e.methods().get(2).score(CurveKind.CHANGE, auc), e.recordId());
            assertTrue(best > e.control().score(CurveKind.CHANGE, auc), e.recordId());
            // MoRF changes the prediction from the first step; LeRF (zero scores first, by index) never touches it
            double[] morf = at.curve(Order.MORF, CurveKind.CHANGE, e.truth(), rel);
            double[] lerf = at.curve(Order.LERF, CurveKind.CHANGE, e.truth(), rel);
            assertTrue(morf[1] > 0);
            for (double v : lerf) {
                assertEquals(0.0, v);
            }
            // pointing elsewhere is as blind as LeRF here: the curve stays flat
            double[] blind = e.methods().get(1).curve(Order.MORF, CurveKind.CHANGE, e.truth(), rel);
            assertEquals(0.0, blind[blind.length - 1]);
        }
    }

    @Test
    void randomOrderLiesBetweenMorfAndLerfOnAverage() {
        // a model with unequal weights; its saliency is exactly the weights, a faithful attribution
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(4L);
        float[] w = new float[LEADS * SAMPLES];
        for (int i = 0; i < w.length; i++) {
            double u = rng.nextDouble();
            w[i] = (float) (0.002 * u * u * u * (rng.nextBoolean() ? 1 : -1));
        }
        OnnxModel model = TestModels.linear(LEADS, SAMPLES, w);
        int records = 8;
        float[] x = new float[records * LEADS * SAMPLES];
        for (int r = 0; r < records; r++) {
            System.arraycopy(Fixtures.beat(200 + r).noisy(), 0, x, r * LEADS * SAMPLES, LEADS * SAMPLES);
        }
        float[] saliency;
        try (Attributor a = MethodRegistry.standard().create("saliency:abs=false").compile(model,
                AttributionTarget.of(LEADS, SAMPLES), ExecutionOptions.defaults())) {
            saliency = a.attribute(FloatTensor.of(x, records, LEADS, SAMPLES)).values().data();
        }
        List<Map<String, float[]>> attributions = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            attributions.add(Map.of("saliency", java.util.Arrays.copyOfRange(saliency, r * LEADS * SAMPLES,
                    (r + 1) * LEADS * SAMPLES)));
        }
        PerturbationConfig config = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(100));
        List<RecordEvaluation> results = evaluate(model, config, List.of("saliency"), attributions);
        SummaryAccumulator acc = SummaryAccumulator.create(config, "qt", List.of("saliency"));
        results.forEach(acc::accept);
        PerturbationSummary s = acc.finish();
        double morf = mean(s, "saliency", "auc");
        double lerf = mean(s, "saliency", "lerf_auc");
        double random = mean(s, MethodEvaluation.CONTROL, "auc");
        assertTrue(morf > random && random > lerf, "MoRF " + morf + " > random " + random + " > LeRF " + lerf);
        assertTrue(mean(s, "saliency", "abpc") > 0);
        assertTrue(mean(s, "saliency", "random_gap") > 0);
    }

    private static double mean(PerturbationSummary s, String participant, String score) {
        return s.scores().stream().filter(x -> x.participant().equals(participant)
                && x.key().curve() == CurveKind.CHANGE && x.key().score().equals(score)).findFirst().orElseThrow()
                .estimate().mean();
    }
}
