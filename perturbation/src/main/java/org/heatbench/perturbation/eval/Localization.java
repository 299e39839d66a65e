package org.heatbench.perturbation.eval;

import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.ScoreMode;

/**
 * Agreement of an attribution with a ground-truth relevance mask (Arras, Osman, Samek 2022, "CLEVR-XAI: A benchmark
 * dataset for the ground truth evaluation of neural network explanations", Information Fusion 81). Relevance r is
 * |a| ({@link ScoreMode#ABSOLUTE}) or max(a, 0) ({@link ScoreMode#SIGNED}).
 *
 * @param massAccuracy Σ_{mask} r / Σ r; NaN when Σ r = 0 (no relevance anywhere)
 * @param rankAccuracy of the K points with the highest r (K = mask size, ties by point index), the fraction inside the
 *     mask; NaN when the mask is empty
 * @param maskPoints K, the number of relevant points
 */
public record Localization(double massAccuracy, double rankAccuracy, int maskPoints) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param attribution [leads, samples] finite values
     * @param mask [leads, samples], true = relevant
     */
    public static Localization of(float[] attribution, boolean[] mask, ScoreMode mode) {
        if (mask.length != attribution.length) {
            throw new IllegalArgumentException("mask has " + mask.length + " points, attribution " + attribution.length);
        }
        double[] r = new double[attribution.length];
        double total = 0;
        double inside = 0;
        int k = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] = mode.relevance(attribution[i]);
            total += r[i];
            if (mask[i]) {
                inside += r[i];
                k++;
            }
        }
        double mass = total > 0 ? inside / total : Double.NaN;
        double rank = Double.NaN;
        if (k > 0) {
            int[] order = Order.MORF.order(r, null);
            int hits = 0;
            for (int j = 0; j < k; j++) {
                hits += mask[order[j]] ? 1 : 0;
            }
            rank = hits / (double) k;
        }
        return new Localization(mass, rank, k);
    }
}
