package org.heatbench.perturbation.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * Classification metrics against independent references: the examples of scikit-learn's documentation
 * ({@code roc_auc_score}, {@code average_precision_score}, {@code log_loss}), SciPy's {@code softmax} and closed forms.
 */
class ClassificationMetricsTest {

    private static final double[] Y = {0, 0, 1, 1};
    private static final double[] S = {0.1, 0.4, 0.35, 0.8};

    @Test
    void aurocOfTheScikitLearnExample() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) -> 0.75
        assertEquals(0.75, ClassificationMetrics.auroc(Y, S), 1e-15);
        // perfect and reversed rankings; all-tied scores give 1/2
        assertEquals(1.0, ClassificationMetrics.auroc(Y, new double[] {0.1, 0.2, 0.3, 0.4}), 0);
        assertEquals(0.0, ClassificationMetrics.auroc(Y, new double[] {0.4, 0.3, 0.2, 0.1}), 0);
        assertEquals(0.5, ClassificationMetrics.auroc(Y, new double[] {0.3, 0.3, 0.3, 0.3}), 0);
        // one tie between a positive and a negative counts one half: pairs (n0,p0) 1, (n0,p1) 1, (n1,p0) 0.5,
        // (n1,p1) 1 -> 3.5 / 4
        assertEquals(0.875, ClassificationMetrics.auroc(Y, new double[] {0.1, 0.4, 0.4, 0.8}), 1e-15);
        assertTrue(Double.isNaN(ClassificationMetrics.auroc(new double[] {1, 1}, new double[] {0.2, 0.3})));
    }

    @Test
    void averagePrecisionOfTheScikitLearnExample() {
        // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) -> 0.8333...
        assertEquals(5.0 / 6.0, ClassificationMetrics.averagePrecision(Y, S), 1e-15);
        assertEquals(1.0, ClassificationMetrics.averagePrecision(Y, new double[] {0.1, 0.2, 0.3, 0.4}), 0);
        // all tied: one threshold, recall 1 at precision 1/2
        assertEquals(0.5, ClassificationMetrics.averagePrecision(Y, new double[] {0.3, 0.3, 0.3, 0.3}), 0);
        // reversed: positives last: P = 1/3 at recall 1/2, 2/4 at recall 1 -> (1/3 + 1/2) / 2
        assertEquals(5.0 / 12.0, ClassificationMetrics.averagePrecision(Y, new double[] {0.4, 0.3, 0.2, 0.1}),
                1e-15);
        assertTrue(Double.isNaN(ClassificationMetrics.averagePrecision(new double[] {0, 0}, new double[] {1, 2})));
    }

    @Test
    void logLossOfTheScikitLearnExample() {
        // sklearn.metrics.log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
        // -> 0.21616... (the documented value); closed form (-ln .9 - ln .9 - ln .8 - ln .65) / 4
        double[][] p = {{.1, .9}, {.9, .1}, {.8, .2}, {.35, .65}};
        int[] truth = {1, 0, 0, 1};
        double ce = 0;
        double bce = 0;
        for (int i = 0; i < 4; i++) {
            ce += ClassificationMetrics.crossEntropy(p[i], truth[i]) / 4;
            bce += ClassificationMetrics.binaryCrossEntropy(truth[i], p[i][1]) / 4;
        }
        assertEquals(0.21616, ce, 5e-6);
        assertEquals(-(2 * Math.log(.9) + Math.log(.8) + Math.log(.65)) / 4, ce, 1e-15);
        // two classes: cross-entropy = binary cross-entropy on the positive class probability
        assertEquals(ce, bce, 1e-15);
    }

    @Test
    void binaryCrossEntropyClosedForms() {
        assertEquals(Math.log(2), ClassificationMetrics.binaryCrossEntropy(1, 0.5), 1e-15);
        assertEquals(Math.log(2), ClassificationMetrics.binaryCrossEntropy(0, 0.5), 1e-15);
        assertEquals(-Math.log(0.25), ClassificationMetrics.binaryCrossEntropy(0, 0.75), 1e-15);
        // soft label 0.7 (a PTB-XL likelihood of 70): -(0.7 ln 0.6 + 0.3 ln 0.4)
        assertEquals(-(0.7 * Math.log(0.6) + 0.3 * Math.log(0.4)), ClassificationMetrics.binaryCrossEntropy(0.7, 0.6),
                1e-15);
        // clipped at 1e-7: finite, -ln 1e-7
        assertEquals(-Math.log(1e-7), ClassificationMetrics.binaryCrossEntropy(1, 0.0), 1e-9);
    }

    @Test
    void softmaxAndSigmoidReferenceValues() {
        // scipy.special.softmax([1, 2, 3]) -> [0.09003057, 0.24472847, 0.66524096]
        double[] p = ClassificationMetrics.softmax(new double[] {1, 2, 3});
        assertEquals(0.09003057, p[0], 5e-9);
        assertEquals(0.24472847, p[1], 5e-9);
        assertEquals(0.66524096, p[2], 5e-9);
        // no overflow for large logits
        assertEquals(0.5, ClassificationMetrics.softmax(new double[] {1000, 1000})[0], 0);
        assertEquals(0.5, ClassificationMetrics.sigmoid(0), 0);
        assertEquals(1 / (1 + Math.exp(-2)), ClassificationMetrics.sigmoid(2), 1e-16);
        assertEquals(Math.exp(-800) / (1 + Math.exp(-800)), ClassificationMetrics.sigmoid(-800), 0);
    }

    @Test
    void accuracyAndBadInput() {
        assertEquals(0.75, ClassificationMetrics.accuracy(Y, S, 0.5), 0); // 0.35 is a miss
        assertEquals(0.75, ClassificationMetrics.accuracy(Y, S, 0.3), 0);
        assertThrows(InvalidInputException.class, () -> ClassificationMetrics.auroc(new double[] {0, Double.NaN},
                new double[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> ClassificationMetrics.auroc(new double[] {0}, S));
    }
}
