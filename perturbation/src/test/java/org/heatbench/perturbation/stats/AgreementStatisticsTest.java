package org.heatbench.perturbation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.perturbation.stats.KrippendorffAlpha.Metric;
import org.junit.jupiter.api.Test;

/**
 * Kendall's W, Krippendorff's α and rank-position bootstraps against independent reference values, and their
 * mergeability (combine of partials == one pass, bit for bit).
 */
class AgreementStatisticsTest {
    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, missing
     * values (NaN). Published: nominal α = 0.743, ordinal 0.815, interval 0.849. The 12-digit values were recomputed
     * with an independent coincidence-matrix implementation (Python, float64).
     */
    private static final double[][] RELIABILITY_DATA = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, Double.NaN, Double.NaN, Double.NaN},
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, Double.NaN, 3},
        {Double.NaN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, Double.NaN},
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, Double.NaN},
    };

    private static KrippendorffAlpha fill(KrippendorffAlpha a, int fromObserver, int toObserver) {
        for (int o = fromObserver; o < toObserver; o++) {
            for (int u = 0; u < 12; u++) {
                if (!Double.isNaN(RELIABILITY_DATA[o][u])) {
                    a.accept("unit" + u, "observer" + o, RELIABILITY_DATA[o][u]);
                }
            }
        }
        return a;
    }

    @Test
    void krippendorffWorkedExample() {
        KrippendorffAlpha a = fill(KrippendorffAlpha.create(), 0, 4);
        assertEquals(0.743, a.finish(Metric.NOMINAL, 0, 1).alpha(), 5e-4);
        assertEquals(0.815, a.finish(Metric.ORDINAL, 0, 1).alpha(), 5e-4);
        assertEquals(0.849, a.finish(Metric.INTERVAL, 0, 1).alpha(), 5e-4);
        assertEquals(0.743421052631579, a.finish(Metric.NOMINAL, 0, 1).alpha(), 1e-12);
        assertEquals(0.8153875037548814, a.finish(Metric.ORDINAL, 0, 1).alpha(), 1e-12);
        assertEquals(0.8491071428571428, a.finish(Metric.INTERVAL, 0, 1).alpha(), 1e-12);
        KrippendorffAlpha.Result r = a.finish(Metric.INTERVAL, 2000, 5);
        assertEquals(11, r.pairableUnits()); // unit 12 has a single value
        assertEquals(40, r.pairableValues());
        assertTrue(r.interval().lower() < r.alpha() && r.alpha() < r.interval().upper(), r.toString());
        assertTrue(r.interval().upper() <= 1.0, r.toString());
    }

    @Test
    void krippendorffCombineEqualsOnePass() {
        KrippendorffAlpha one = fill(KrippendorffAlpha.create(), 0, 4);
        KrippendorffAlpha parts = fill(KrippendorffAlpha.create(), 2, 4).combine(fill(KrippendorffAlpha.create(), 0, 1))
                .combine(fill(KrippendorffAlpha.create(), 1, 2));
        assertEquals(one.finish(Metric.ORDINAL, 500, 9), parts.finish(Metric.ORDINAL, 500, 9));
        assertThrows(IllegalArgumentException.class, () -> fill(KrippendorffAlpha.create(), 0, 2)
                .combine(fill(KrippendorffAlpha.create(), 1, 3)));
        assertTrue(Double.isNaN(KrippendorffAlpha.create().accept("u", "a", 3).accept("u", "b", 3)
                .finish(Metric.INTERVAL, 0, 1).alpha()), "no variation: alpha undefined");
    }

    /** Six rankings of five objects with ties; reference: scipy.stats.friedmanchisquare (tie-corrected) / (m(n−1)). */
    private static final double[][] RANKINGS = {
        {1, 2, 3, 4, 5}, {2, 1, 3, 5, 4}, {1, 3, 2, 4, 4}, {2, 2, 1, 5, 3}, {1, 2, 3, 3, 5}, {3, 1, 2, 5, 4},
    };

    @Test
    void kendallWWithTiesAgainstScipy() {
        KendallW w = KendallW.create(5);
        for (int i = 0; i < RANKINGS.length; i++) {
            w.accept("r" + i, RANKINGS[i]);
        }
        KendallW.Result r = w.finish(1000, 3);
        assertEquals(0.752136752136752, r.w(), 1e-12);
        assertEquals(18.051282051282048, r.chiSquare(), 1e-10);
        assertEquals(0.0012059409905272687, r.p(), 1e-12);
        assertTrue(r.interval().lower() <= r.w() && r.w() <= r.interval().upper(), r.toString());
    }

    @Test
    void kendallWClosedForms() {
        // identical rankings: W = 1; two exactly reversed rankings: W = 0
        KendallW same = KendallW.create(4).accept("a", new double[] {1, 2, 3, 4}).accept("b", new double[] {10, 20, 30,
            40}).accept("c", new double[] {0.1, 0.2, 0.3, 0.4});
        assertEquals(1.0, same.finish(0, 1).w(), 1e-15);
        KendallW reversed = KendallW.create(4).accept("a", new double[] {1, 2, 3, 4}).accept("b", new double[] {4, 3, 2,
            1});
        assertEquals(0.0, reversed.finish(0, 1).w(), 1e-15);
    }

    @Test
    void kendallWCombineEqualsOnePass() {
        KendallW one = KendallW.create(5);
        KendallW a = KendallW.create(5);
        KendallW b = KendallW.create(5);
        for (int i = 0; i < RANKINGS.length; i++) {
            one.accept("r" + i, RANKINGS[i]);
            (i % 2 == 0 ? b : a).accept("r" + i, RANKINGS[i]);
        }
        assertEquals(one.finish(700, 4), a.combine(b).finish(700, 4));
        assertThrows(IllegalArgumentException.class, () -> one.accept("r0", RANKINGS[0]));
    }

    @Test
    void rankPositionsOfADominantMethodAndMergeability() {
        List<String> methods = List.of("best", "middle", "worst");
        RankPositions one = RankPositions.create(methods, true);
        RankPositions p1 = RankPositions.create(methods, true);
        RankPositions p2 = RankPositions.create(methods, true);
        for (int i = 0; i < 30; i++) {
            // best always highest; middle and worst swap on every third record
            double[] s = i % 3 == 0 ? new double[] {9, 1, 2} : new double[] {9, 2, 1};
            one.accept("rec" + i, s);
            (i < 11 ? p1 : p2).accept("rec" + i, s);
        }
        List<RankPositions.Position> pos = one.finish(1000, 7);
        assertEquals(1.0, pos.get(0).meanRank(), 0);
        assertEquals(1.0, pos.get(0).position().lower(), 0);
        assertEquals(1.0, pos.get(0).position().upper(), 0);
        // middle's mean rank = (20·2 + 10·3)/30 = 7/3; worst's = 8/3
        assertEquals(7.0 / 3, pos.get(1).meanRank(), 1e-12);
        assertEquals(2.0, pos.get(1).position().estimate(), 0);
        assertEquals(3.0, pos.get(2).position().estimate(), 0);
        assertEquals(pos, p2.combine(p1).finish(1000, 7));
    }
}
