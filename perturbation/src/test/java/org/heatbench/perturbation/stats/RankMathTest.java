package org.heatbench.perturbation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link RankMath} against ranks worked out by hand. */
class RankMathTest {
    @Test
    void tiesShareTheMeanOfTheirPositions() {
        // sorted: 1 (pos 1), 2 2 2 (pos 2..4 -> 3), 5 (pos 5), 7 7 (pos 6..7 -> 6.5)
        double[] v = {7, 2, 5, 2, 1, 7, 2};
        assertArrayEquals(new double[] {6.5, 3, 5, 3, 1, 6.5, 3}, RankMath.averageRanks(v), 0);
    }

    @Test
    void negativeZeroTiesZero() {
        // -0.0 == 0.0 numerically: one tie group at positions 2..3
        assertArrayEquals(new double[] {2.5, 2.5, 1, 4}, RankMath.averageRanks(new double[] {-0.0, 0.0, -1, 3}), 0);
    }

    @Test
    void tieTermCountsGroups() {
        // groups of 3 and 2: (27 - 3) + (8 - 2) = 30
        assertEquals(30, RankMath.tieTerm(new double[] {6.5, 3, 5, 3, 1, 6.5, 3}), 0);
    }
}
