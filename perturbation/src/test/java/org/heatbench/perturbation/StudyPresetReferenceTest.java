package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.datasets.Target;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.junit.jupiter.api.Test;

/**
 * The study preset against a straightforward, unbatched reference written here: one ECG, one step, one model call
 * (batch 1, one intra-op thread) at a time, the reference study's loop ({@code compare_heatmaps.py} +
 * {@code RandomiseIteratively}): take the highest remaining |attribution| (first index on ties), add N(0, σ) with
 * σ = 0.2·(max − min), predict, repeat; 200 curve points. Same seeds → the same bits.
 */
class StudyPresetReferenceTest {
    private static final int LEADS = 8;
    private static final int SAMPLES = 600;
    private static final long SEED = 20250101L;
    private static final String TARGET = "qt";

    /** The reference study's loop for one ECG and one method. */
    private static float[] reference(GraphSession session, String input, float[] ecg, float[] attribution,
            UniformRandomProvider noise) {
        float[] x = ecg.clone();
        float[] score = new float[x.length];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            score[i] = Math.abs(attribution[i]);
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        double sigma = 0.2 * ((double) max - min);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(noise);
        boolean[] used = new boolean[x.length];
        float[] predictions = new float[200];
        predictions[0] = predict(session, input, x);
        for (int j = 1; j < 200; j++) {
            int top = -1;
            for (int i = 0; i < x.length; i++) {
                if (!used[i] && (top < 0 || score[i] > score[top])) {
                    top = i;
                }
            }
            x[top] = (float) (x[top] + sigma * gauss.sample());
            used[top] = true;
            predictions[j] = predict(session, input, x);
        }
        return predictions;
    }

    private static float predict(GraphSession session, String input, float[] x) {
        return session.run(input, FloatTensor.of(x.clone(), 1, LEADS, SAMPLES), List.of("y")).get("y").data()[0];
    }

    @Test
    void studyPresetEqualsTheUnbatchedReferenceBitForBit() {
        OnnxModel model = TestModels.smallCnn(LEADS, SAMPLES, 3);
        PerturbationConfig study = PerturbationConfig.study(Target.QT);
        assertEquals(199, study.schedule().steps());
        int records = 3;
        List<float[]> signals = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            signals.add(Fixtures.beat(r).noisy());
        }
        // three attributions per record: signed saliency (the study's), an all-zero map (ties everywhere: index
        // order) and a coarsely quantised map (many ties among non-zero scores)
        float[][] saliency = new float[records][];
        try (Attributor a = MethodRegistry.standard().create("saliency:abs=false").compile(model,
                AttributionTarget.of(LEADS, SAMPLES), ExecutionOptions.defaults())) {
            float[] all = new float[records * LEADS * SAMPLES];
            for (int r = 0; r < records; r++) {
                System.arraycopy(signals.get(r), 0, all, r * LEADS * SAMPLES, LEADS * SAMPLES);
            }
            float[] v = a.attribute(FloatTensor.of(all, records, LEADS, SAMPLES)).values().data();
            for (int r = 0; r < records; r++) {
                saliency[r] = java.util.Arrays.copyOfRange(v, r * LEADS * SAMPLES, (r + 1) * LEADS * SAMPLES);
            }
        }
        List<String> methods = List.of("saliency:abs=false", "zero", "quantised");
        List<RecordInput> inputs = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            Map<String, float[]> attr = new LinkedHashMap<>();
            attr.put(methods.get(0), saliency[r]);
            attr.put(methods.get(1), new float[LEADS * SAMPLES]);
            float[] q = new float[LEADS * SAMPLES];
            float peak = 0;
            for (float v : saliency[r]) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 0, "the test model's gradient must not vanish");
            for (int i = 0; i < q.length; i++) {
                q[i] = Math.round(saliency[r][i] / peak * 8) / 8f;
            }
            attr.put(methods.get(2), q);
            inputs.add(new RecordInput("rec-" + r, r, signals.get(r), 380.0 + 10 * r, null, attr));
        }

        List<RecordEvaluation> batched;
        // batched: 2 intra-op threads, 37-row runs, so trajectories straddle runs and runs mix records and methods
        try (PerturbationEvaluator ev = PerturbationEvaluator.create(
                OnnxScorer.create(model, ExecutionOptions.defaults().withIntraOpThreads(2), 0, 0, LEADS, SAMPLES),
                study, BatchBudget.ofRows(37, LEADS, SAMPLES), SEED, TARGET, methods)) {
            batched = ev.evaluate(inputs);
            assertEquals(records * (1 + 3 * 199L), ev.modelEvaluations());
        }

        ScoreLayout layout = ScoreLayout.of(study);
        assertEquals(List.of("auc_5", "auc_10", "auc_15", "auc_25", "auc", "aopc"), layout.names());
        try (GraphSession session = GraphSession.create(model, ExecutionOptions.defaults().withIntraOpThreads(1))) {
            for (int r = 0; r < records; r++) {
                RecordEvaluation e = batched.get(r);
                assertTrue(e.allMethodsOk());
                for (int m = 0; m < methods.size(); m++) {
                    StreamKey key = new StreamKey(SEED, "rec-" + r, TARGET);
                    float[] expected = reference(session, "ecg", signals.get(r),
                            inputs.get(r).attributions().get(methods.get(m)), key.stream(methods.get(m), "noise:morf"));
                    MethodEvaluation me = e.methods().get(m);
                    float[] got = me.predictionsOf(Order.MORF);
                    assertEquals(200, got.length);
                    for (int k = 0; k < 200; k++) {
                        assertEquals(Float.floatToIntBits(expected[k]), Float.floatToIntBits(got[k]),
                                "record " + r + " method " + methods.get(m) + " step " + k);
                    }
                    // the study's numbers: |y − ŷ_j| and AUC-n = np.trapz(curve[:n + 1])
                    double y = inputs.get(r).truth();
                    double[] err = new double[200];
                    for (int k = 0; k < 200; k++) {
                        err[k] = Math.abs(y - expected[k]);
                    }
                    assertArrayEquals(err, me.curve(Order.MORF, CurveKind.ERROR, y, study.relativeError()));
                    double auc5 = 0;
                    for (int j = 0; j < 5; j++) {
                        auc5 += (err[j] + err[j + 1]) * 0.5;
                    }
                    assertEquals(auc5, me.score(CurveKind.ERROR, 0));
                    assertEquals(m == 1, me.constantAttribution(), "only the all-zero map is constant");
                }
                assertEquals(null, e.control(), "the study runs MoRF only");
            }
        }
    }

    @Test
    void studyRelativeErrorEqualsTheStudysWhereTheTruthIsAboveTheFloor() {
        RelativeError qt = PerturbationConfig.study(Target.QT).relativeError();
        assertEquals(Math.abs(400.0 - 390.5f) / 400.0, qt.of(400.0, 390.5f));
        RelativeError stj = PerturbationConfig.study(Target.STJ_V5).relativeError();
        // the study divided by y: −5 µV gives a negative "relative error"; HeatBench divides by the 100 µV floor
        assertEquals(0.2, stj.of(-5.0, 15.0), 1e-15);
        assertTrue(Double.isNaN(stj.of(Double.NaN, 15.0)));
    }
}
