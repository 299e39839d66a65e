package org.heatbench.perturbation.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.Schedule;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.ModelScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;
import org.junit.jupiter.api.Test;

/** Classification curves of the evaluator, computed by hand on a linear logit model with zero replacement. */
class ClassificationCurvesTest {

    /** z = x0 + x1 + x2 + x3 - 5 on 1 lead x 4 samples. */
    private static ModelScorer logit() {
        return new ModelScorer() {
            @Override
            public int leads() {
                return 1;
            }

            @Override
            public int samples() {
                return 4;
            }

            @Override
            public float[] predict(float[] rows, int n) {
                float[] y = new float[n];
                for (int r = 0; r < n; r++) {
                    y[r] = rows[4 * r] + rows[4 * r + 1] + rows[4 * r + 2] + rows[4 * r + 3] - 5;
                }
                return y;
            }

            @Override
            public void close() {
                // nothing
            }
        };
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double trapezoid(double[] c) {
        double s = 0;
        for (int k = 1; k < c.length; k++) {
            s += (c[k - 1] + c[k]) / 2;
        }
        return s;
    }

    private static List<RecordEvaluation> evaluate(Classification cls, double label) {
        PerturbationConfig config = PerturbationConfig.standard(Target.QT).withRegions(RegionScheme.points())
                .withPerturbation(PerturbationFunction.zero()).withSchedule(Schedule.of(3));
        float[] x = {4, 3, 2, 1};
        try (PerturbationEvaluator ev = PerturbationEvaluator.create(logit(), config, BatchBudget.DEFAULT, 1, "af",
                List.of("a"), cls)) {
            return ev.evaluate(List.of(new RecordInput("r1", 0, x, label, null, Map.of("a", x.clone()))));
        }
    }

    @Test
    void probabilityDropAndBinaryCrossEntropyByHand() {
        // MoRF removes 4, 3, 2: z = 5, 1, -2, -4
        double[] z = {5, 1, -2, -4};
        Classification cls = Classification.of(Classification.Activation.SIGMOID);
        RecordEvaluation r = evaluate(cls, 1.0).get(0);
        MethodEvaluation m = r.method("a").orElseThrow();
        assertTrue(m.ok(), m.message());
        PerturbationConfig probe = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(3));
        int auc = org.heatbench.perturbation.eval.ScoreLayout.of(probe).indexOf("auc");
        double[] change = new double[4];
        double[] loss = new double[4];
        for (int k = 0; k < 4; k++) {
            change[k] = sigmoid(5) - sigmoid(z[k]);
            loss[k] = -Math.log(sigmoid(z[k]));
        }
        assertEquals(trapezoid(change), m.score(CurveKind.CHANGE, auc), 1e-12);
        assertEquals(trapezoid(loss), m.score(CurveKind.ERROR, auc), 1e-6); // float32 logits, log near 0
        assertEquals(2, cls.flipStep(new float[] {5, 1, -2, -4}));
        assertEquals(-1, cls.flipStep(new float[] {5, 1, 2, 4}));
        // the logit option follows z itself: drop 0, 4, 7, 9
        Classification onLogit = new Classification(Classification.Activation.SIGMOID, true, 0.5);
        MethodEvaluation ml = evaluate(onLogit, 1.0).get(0).method("a").orElseThrow();
        assertEquals(trapezoid(new double[] {0, 4, 7, 9}), ml.score(CurveKind.CHANGE, auc), 1e-12);
        assertEquals(ml.score(CurveKind.ERROR, auc), m.score(CurveKind.ERROR, auc), 0); // loss is on p either way
    }

    @Test
    void unlabelledRecordKeepsItsChangeCurve() {
        RecordEvaluation r = evaluate(Classification.of(Classification.Activation.SIGMOID), Double.NaN).get(0);
        assertTrue(!r.hasTruth());
        MethodEvaluation m = r.method("a").orElseThrow();
        assertTrue(m.ok());
        assertTrue(Double.isFinite(m.score(CurveKind.CHANGE, 0)));
        assertTrue(Double.isNaN(m.score(CurveKind.ERROR, 0)));
    }

    @Test
    void softmaxValuesAreProbabilities() {
        Classification cls = Classification.of(Classification.Activation.SOFTMAX);
        double[] c = cls.curve(CurveKind.ERROR, new float[] {0.9f, 0.25f}, 0.0);
        assertEquals(-Math.log(1 - 0.9f), c[0], 1e-12);
        assertEquals(-Math.log(0.75), c[1], 1e-7);
        Classification logit = new Classification(Classification.Activation.SOFTMAX, true, 0.5);
        assertEquals(Math.log(0.9f / (1 - 0.9f)) - Math.log(0.25 / 0.75),
                logit.curve(CurveKind.CHANGE, new float[] {0.9f, 0.25f}, Double.NaN)[1], 1e-6);
        assertEquals(0.25, cls.curve(CurveKind.RELATIVE_ERROR, new float[] {0.75f}, 1.0)[0], 0);
        assertThrows(ConfigurationException.class, () -> new Classification(Classification.Activation.SIGMOID, false,
                1.0));
        assertThrows(ConfigurationException.class, () -> Classification.Activation.parse("relu"));
        assertTrue(Classification.of(Classification.Activation.LOGIT).logitCurve());
    }
}
