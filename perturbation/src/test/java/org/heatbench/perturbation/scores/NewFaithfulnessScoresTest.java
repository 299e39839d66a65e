package org.heatbench.perturbation.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.perturbation.eval.ModelScorer;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.junit.jupiter.api.Test;

/** Faithfulness correlation, monotonicity and SRG against hand-computed cases. */
class NewFaithfulnessScoresTest {

    /** y = Σ w ⊙ x, computed in double and rounded (the hand calculations below are exact in float). */
    private static ModelScorer linear(float[] w, int leads, int samples) {
        return new ModelScorer() {
            @Override
            public int leads() {
                return leads;
            }

            @Override
            public int samples() {
                return samples;
            }

            @Override
            public float[] predict(float[] rows, int n) {
                float[] y = new float[n];
                for (int r = 0; r < n; r++) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        s += (double) w[i] * rows[r * w.length + i];
                    }
                    y[r] = (float) s;
                }
                return y;
            }

            @Override
            public void close() {
                // nothing
            }
        };
    }

    @Test
    void faithfulnessCorrelationByHand() {
        // 1 lead x 4 samples, x = 1,2,3,4, y = sum(x), zero replacement; subsets {0,1},{1,2},{2,3}:
        // delta = f(x) - f(x~) = 3, 5, 7
        SubsetScores s = new SubsetScores(RegionScheme.points(), RegionScheme.points(), PerturbationFunction.zero(), 3,
                2);
        Map<String, float[]> a = new LinkedHashMap<>();
        a.put("ramp", new float[] {0, 1, 2, 3}); // subset sums 1, 3, 5: perfectly linear -> 1
        a.put("ends", new float[] {1, 0, 0, 1}); // sums 1, 0, 1: covariance with (3,5,7) is 0 -> 0
        a.put("first", new float[] {3, 0, 1, 0}); // sums 3, 1, 1: r = -4 / sqrt(24/9 * 8) = -sqrt(3)/2
        a.put("zero", new float[4]); // no variation -> NaN
        a.put("late", new float[] {0, 0, -1, 1}); // sums 0, -1, 0
        Map<String, double[]> r = s.score(linear(new float[] {1, 1, 1, 1}, 1, 4), new float[] {1, 2, 3, 4}, a,
                List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3)), 4, new StreamKey(1, "rec", "qt"));
        assertEquals(1.0, r.get("ramp")[0], 1e-12);
        assertEquals(0.0, r.get("ends")[0], 1e-12);
        assertEquals(-Math.sqrt(3) / 2, r.get("first")[0], 1e-12);
        assertTrue(Double.isNaN(r.get("zero")[0]));
        // monotonicity over the 4 points: single-point effects |x_i| = 1,2,3,4
        assertEquals(1.0, r.get("ramp")[1], 1e-12); // |a| = 0,1,2,3: same order
        // |a| = 1,0,0,1 -> rank deviations 1,-1,-1,1 vs -1.5,-0.5,0.5,1.5: covariance 0
        assertEquals(0.0, r.get("ends")[1], 1e-12);
        // |a| = 0,0,1,1 -> rank deviations -1,-1,1,1: cov 4, sxx 4, syy 5 -> 2 / sqrt(5)
        assertEquals(2 / Math.sqrt(5), r.get("late")[1], 1e-12);
        // late's subset sums 0,-1,0 vs 3,5,7: deviations 1/3,-2/3,1/3 and -2,0,2: covariance 0
        assertEquals(0.0, r.get("late")[0], 1e-12);
    }

    @Test
    void inputTimesGradientOfALinearModelIsPerfectlyFaithful() {
        int leads = 2;
        int samples = 10;
        float[] w = new float[leads * samples];
        float[] x = new float[w.length];
        float[] ixg = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) - 3;
            x[i] = 10 + 3 * i;
            ixg[i] = w[i] * x[i];
        }
        SubsetScores s = new SubsetScores(RegionScheme.points(), RegionScheme.leadWindows(5),
                PerturbationFunction.zero(), 20, 4);
        Map<String, double[]> r = s.score(linear(w, leads, samples), x, Map.of("ixg", ixg),
                new StreamKey(3, "rec-1", "qt"));
        assertEquals(1.0, r.get("ixg")[0], 1e-9);
        // monotonicity on 4 windows: |sum of w x over window| vs sum |w x|: not identical, but a positive association
        assertTrue(r.get("ixg")[1] > 0, "monotonicity " + r.get("ixg")[1]);
        // same seed, same subsets: reproducible
        assertEquals(r.get("ixg")[1], s.score(linear(w, leads, samples), x, Map.of("ixg", ixg),
                new StreamKey(3, "rec-1", "qt")).get("ixg")[1], 0.0);
    }

    @Test
    void srgByHand() {
        // K = 2, MoRF 0,2,4 (auc 4), LeRF 0,1,1 (auc 1.5), D = 4: (4 - 1.5) / (2 * 4)
        assertEquals(0.3125, ScoreLayout.srg(new double[] {0, 2, 4}, new double[] {0, 1, 1}), 1e-15);
        // symmetric: swapping the orders flips the sign
        assertEquals(-0.3125, ScoreLayout.srg(new double[] {0, 1, 1}, new double[] {0, 2, 4}), 1e-15);
        assertTrue(Double.isNaN(ScoreLayout.srg(new double[] {3, 3, 3}, new double[] {3, 3, 3})));
    }
}
