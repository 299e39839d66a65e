package org.heatbench.perturbation.scores;

import java.util.Arrays;
import org.heatbench.core.InvalidInputException;

/**
 * Classification losses and ranking metrics on binary labels, in double precision.
 *
 * <p>Losses clip probabilities to [{@value #EPS}, 1 − {@value #EPS}] so that a confident wrong answer costs a large
 * finite loss (−ln 1e-7 ≈ 16.1) instead of infinity — the convention of scikit-learn's {@code log_loss} and
 * PyTorch's {@code BCELoss} (which clamps the log at −100). Labels are likelihoods in [0, 1] (PTB-XL's SCP
 * likelihoods / 100 are allowed); the ranking metrics binarise them at 0.5. NaN labels are the caller's business
 * (unlabelled records are left out before calling); a NaN label or score here is an {@link InvalidInputException}.
 * Stateless and thread-safe.
 */
public final class ClassificationMetrics {
    /** Probability clipping of the losses. */
    public static final double EPS = 1e-7;

    private ClassificationMetrics() {
    }

    /**
     * Binary cross-entropy −[y ln p + (1 − y) ln(1 − p)] (natural log, nats) of one multi-label output.
     *
     * @param label y in [0, 1]
     * @param probability p, clipped to [EPS, 1 − EPS]
     */
    public static double binaryCrossEntropy(double label, double probability) {
        double p = clip(probability);
        return -(label * Math.log(p) + (1 - label) * Math.log1p(-p));
    }

    /**
     * Cross-entropy −ln p_c of a single-label (softmax) output.
     *
     * @param probabilities the class probabilities of one record (summing to 1)
     * @param trueClass c
     */
    public static double crossEntropy(double[] probabilities, int trueClass) {
        if (trueClass < 0 || trueClass >= probabilities.length) {
            throw new InvalidInputException("true class " + trueClass + " outside 0.." + (probabilities.length - 1));
        }
        return -Math.log(clip(probabilities[trueClass]));
    }

    /** @return softmax of logits, computed with the maximum subtracted (no overflow) */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** @return the logistic sigmoid 1 / (1 + e^−z), stable for large |z| */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random negative, ties counting
     * one half (the Mann–Whitney U statistic / (n₊ n₋); equals scikit-learn's {@code roc_auc_score}).
     *
     * @return NaN when only one class is present
     */
    public static double auroc(double[] labels, double[] scores) {
        check(labels, scores);
        int n = labels.length;
        Integer[] order = sortedByScore(scores);
        // average ranks (1-based) with ties
        double[] rank = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = avg;
            }
            i = j + 1;
        }
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (positive(labels[i])) {
                pos++;
                rankSum += rank[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Average precision (area under the precision–recall curve as a step function): Σ_k (R_k − R_{k−1}) P_k over the
     * distinct score thresholds, highest first — scikit-learn's {@code average_precision_score}.
     *
     * @return NaN when there is no positive
     */
    public static double averagePrecision(double[] labels, double[] scores) {
        check(labels, scores);
        int n = labels.length;
        Integer[] order = sortedByScore(scores);
        long totalPos = 0;
        for (double y : labels) {
            totalPos += positive(y) ? 1 : 0;
        }
        if (totalPos == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        long seen = 0;
        double prevRecall = 0;
        for (int i = n - 1; i >= 0;) {
            int j = i;
            while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                tp += positive(labels[order[k]]) ? 1 : 0;
                seen++;
            }
            double recall = (double) tp / totalPos;
            ap += (recall - prevRecall) * ((double) tp / seen);
            prevRecall = recall;
            i = j - 1;
        }
        return ap;
    }

    /** @return the share of records whose decision (score ≥ threshold) equals the binarised label */
    public static double accuracy(double[] labels, double[] scores, double threshold) {
        check(labels, scores);
        if (labels.length == 0) {
            return Double.NaN;
        }
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += (scores[i] >= threshold) == positive(labels[i]) ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    private static boolean positive(double label) {
        return label >= 0.5;
    }

    private static double clip(double p) {
        return Math.min(1 - EPS, Math.max(EPS, p));
    }

    private static Integer[] sortedByScore(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        return order;
    }

    private static void check(double[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new InvalidInputException(labels.length + " labels but " + scores.length + " scores");
        }
        for (int i = 0; i < labels.length; i++) {
            if (Double.isNaN(labels[i]) || !Double.isFinite(scores[i])) {
                throw new InvalidInputException("record " + i + ": label " + labels[i] + ", score " + scores[i]
                        + " (labels and scores must be finite)");
            }
        }
    }
}
