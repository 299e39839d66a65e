package org.heatbench.perturbation.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingAgreementTest {

    @Test
    void robustPairsAndKendallWByHand() {
        Map<String, double[]> ranks = new LinkedHashMap<>();
        ranks.put("base", new double[] {1, 2, 3});
        ranks.put("perturbation=zero", new double[] {1, 3, 2});
        ranks.put("seed=2", new double[] {1.2, 2.1, 2.7});
        RankingAgreement a = RankingAgreement.of(List.of("A", "B", "C"), ranks, 200, 1);
        // A above B and C everywhere; B above C in two settings of three: not robust
        assertEquals(List.of(List.of("A", "B"), List.of("A", "C")), a.robustPairs());
        assertEquals(3, a.pairs());
        assertEquals(2.0 / 3, a.robustShare(), 1e-15);
        // ranks within settings 1,2,3 / 1,3,2 / 1,2,3: rank sums 3, 7, 8, mean 6, S = 14;
        // W = 12 S / (m^2 (n^3 - n)) = 168 / (9 * 24)
        assertEquals(168.0 / 216, a.w().w(), 1e-12);
        assertEquals(List.of("base", "perturbation=zero", "seed=2"), a.settings());
    }

    @Test
    void identicalSettingsAreFullyRobust() {
        Map<String, double[]> ranks = new LinkedHashMap<>();
        ranks.put("base", new double[] {2, 1, 3, 4});
        ranks.put("s", new double[] {2.5, 1, 3, 4});
        RankingAgreement a = RankingAgreement.of(List.of("A", "B", "C", "D"), ranks, 100, 1);
        assertEquals(1.0, a.robustShare(), 0);
        assertEquals(1.0, a.w().w(), 1e-12);
        assertEquals(List.of("B", "A"), a.robustPairs().get(0));
    }
}
