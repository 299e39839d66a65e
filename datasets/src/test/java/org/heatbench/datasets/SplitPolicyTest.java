package org.heatbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.junit.jupiter.api.Test;

class SplitPolicyTest {

    @Test
    void realisedFractionsMatchTheRequestedOnes() {
        SplitPolicy p = new SplitPolicy(123, 0.6, 0.2);
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            counts.merge(p.assign("rec-" + i), 1, Integer::sum);
        }
        // binomial SD for p = 0.6, n = 50000 is 0.0022; allow 4 SD
        assertEquals(0.6, counts.get(Split.TRAIN) / (double) n, 0.009);
        assertEquals(0.2, counts.get(Split.VAL) / (double) n, 0.008);
        assertEquals(0.2, counts.get(Split.TEST) / (double) n, 0.008);
    }

    @Test
    void assignmentDependsOnlyOnSeedAndIdSoAddingRecordsMovesNothing() {
        SplitPolicy p = new SplitPolicy(5, 0.7, 0.15);
        SplitPolicy same = new SplitPolicy(5, 0.7, 0.15);
        int differentSeed = 0;
        SplitPolicy other = new SplitPolicy(6, 0.7, 0.15);
        for (int i = 0; i < 2000; i++) {
            String id = "patient-" + i;
            assertEquals(p.assign(id), same.assign(id));
            differentSeed += p.assign(id) != other.assign(id) ? 1 : 0;
        }
        // an independent assignment disagrees for 1 - (0.7² + 0.15² + 0.15²) = 46.5% of ids
        assertEquals(0.465, differentSeed / 2000.0, 0.05);
        assertNotEquals(p.uniform("a"), p.uniform("b"));
    }

    @Test
    void invalidFractionsAreRejected() {
        assertThrows(ConfigurationException.class, () -> new SplitPolicy(1, 0.8, 0.3));
        assertThrows(ConfigurationException.class, () -> new SplitPolicy(1, -0.1, 0.3));
        assertThrows(ConfigurationException.class, () -> new SplitPolicy(1, Double.NaN, 0.3));
    }
}
