package org.heatbench.perturbation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.perturbation.eval.CurveKind;
import org.junit.jupiter.api.Test;

/** The tests against values computed with SciPy 1.x ({@code friedmanchisquare}, {@code wilcoxon}). */
class StatisticsTest {
    private static final ScoreKey KEY = new ScoreKey(CurveKind.ERROR, "auc");

    private static PairedScores table(boolean higherIsBetter, double[]... rows) {
        PairedScores p = new PairedScores(KEY, List.of("a", "b", "c").subList(0, rows[0].length), higherIsBetter);
        for (int r = 0; r < rows.length; r++) {
            p.accept(String.format("r%02d", r), rows[r]);
        }
        return p;
    }

    @Test
    void friedmanMatchesScipyWithoutAndWithTies() {
        double[] before = {72, 96, 88, 92, 74, 76, 82};
        double[] after = {120, 120, 132, 120, 101, 96, 112};
        double[] five = {76, 95, 104, 96, 84, 72, 76};
        double[][] rows = new double[7][];
        for (int i = 0; i < 7; i++) {
            rows[i] = new double[] {before[i], after[i], five[i]};
        }
        FriedmanResult f = table(true, rows).friedman();
        assertEquals(10.57142857142857, f.statistic(), 1e-12);
        assertEquals(0.005063414171757498, f.p(), 1e-12);
        assertEquals(2, f.df());
        assertEquals(1.0, f.meanRanks()[1], "the highest score ranks first when higher is better");
        assertEquals(List.of(1, 2, 0), f.ranking());
        // lower-is-better ranks reverse, the statistic does not change
        FriedmanResult g = table(false, rows).friedman();
        assertEquals(f.statistic(), g.statistic(), 1e-12);
        assertEquals(3.0, g.meanRanks()[1]);

        FriedmanResult ties = table(false, new double[] {1, 1, 2}, new double[] {3, 1, 1}, new double[] {2, 2, 3},
                new double[] {1, 2, 3}, new double[] {0.5, 0.4, 0.6}).friedman();
        assertEquals(4.588235294117654, ties.statistic(), 1e-12);
        assertEquals(0.10085033961527538, ties.p(), 1e-12);

        FriedmanResult allTied = table(true, new double[] {1, 1, 1}, new double[] {2, 2, 2}).friedman();
        assertEquals(0.0, allTied.statistic());
        assertEquals(1.0, allTied.p());
    }

    @Test
    void pairwiseWilcoxonMatchesScipyAndIsHolmAdjusted() {
        double[] d = {1.5, 2, -0.5, 3, 4, -1, 2.5, 0.7, 1.1, -0.2};
        PairedScores p = new PairedScores(KEY, List.of("x", "y"), true);
        for (int i = 0; i < d.length; i++) {
            p.accept("r" + i, new double[] {10 + d[i], 10});
        }
        PairwiseTest t = p.pairwise().get(0);
        assertEquals(10, t.n());
        assertEquals(48.0, t.statistic(), "W+ = 55 − W−; SciPy reports min(W+, W−) = 7");
        assertEquals(0.037109375, t.p(), 1e-12, "exact p-value below 50 pairs without ties");
        assertEquals(t.p(), t.pHolm(), "one comparison: nothing to adjust");
        assertEquals(7, t.winsA());
        assertEquals(3, t.winsB());

        PairedScores q = new PairedScores(KEY, List.of("x", "y"), true);
        double[] e = {3, 1, -2, 0, 5, 4, -1, 6};
        for (int i = 0; i < e.length; i++) {
            q.accept("r" + i, new double[] {e[i], 0});
        }
        PairwiseTest u = q.pairwise().get(0);
        assertEquals(28.5, u.statistic(), "W+ with the zero ranked (Pratt)");
        assertEquals(0.140016503197169, u.p(), 1e-12,
                "SciPy zero_method='pratt', correction=True: ties and a zero give the normal approximation");

        ZeroTest z = q.againstZero().get(0);
        assertEquals(u.p(), z.p(), 1e-15);
        assertEquals(5, z.positive());

        PairedScores same = new PairedScores(KEY, List.of("x", "y"), true);
        same.accept("r0", new double[] {1, 1});
        same.accept("r1", new double[] {2, 2});
        assertEquals(1.0, same.pairwise().get(0).p(), "identical methods: no evidence of a difference");
    }

    @Test
    void holmStepDown() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, PairedScores.holm(new double[] {0.01, 0.04, 0.03,
            0.005}), 1e-15);
        double[] withNan = PairedScores.holm(new double[] {0.5, Double.NaN, 0.01});
        assertEquals(0.5, withNan[0], 1e-15);
        assertTrue(Double.isNaN(withNan[1]));
        assertEquals(0.02, withNan[2], 1e-15);
        assertArrayEquals(new double[] {1.0, 1.0}, PairedScores.holm(new double[] {0.7, 0.9}), 1e-15);
    }

    @Test
    void incompleteRowsAreCountedNotTested() {
        PairedScores p = new PairedScores(KEY, List.of("x", "y"), true);
        p.accept("a", new double[] {1, Double.NaN});
        p.accept("b", new double[] {1, 2});
        assertEquals(1, p.complete());
        assertEquals(1, p.incomplete());
    }
}
