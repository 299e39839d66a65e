package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adam and the plateau schedule against hand-computed values (PyTorch's definitions). */
class OptimizerTest {

    @Test
    void adamFirstStepsMatchTheClosedForm() {
        Parameters p = Parameters.initialise(List.of(new Parameters.Spec("w", new long[] {2}, Parameters.Kind.BIAS, 1)),
                1);
        p.set("w", new float[] {1f, -2f});
        Adam adam = new Adam();
        adam.update(p, Map.of("w", new float[] {0.5f, -3f}), 0.1);
        // step 1: m̂ = g, v̂ = g², update = lr · g / (|g| + ε) = ±lr
        assertEquals(0.9, p.values("w")[0], 1e-6);
        assertEquals(-1.9, p.values("w")[1], 1e-6);
        adam.update(p, Map.of("w", new float[] {0.5f, 1f}), 0.1);
        double m = 0.9 * 0.1 * -3 + 0.1 * 1;
        double v = 0.999 * 0.001 * 9 + 0.001 * 1;
        double upd = 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
        assertEquals(-1.9 - upd, p.values("w")[1], 1e-6);
        assertEquals(0.8, p.values("w")[0], 1e-6);
    }

    @Test
    void plateauHalvesAfterPatienceIsExceeded() {
        ReduceLrOnPlateau s = new ReduceLrOnPlateau(0.008, 0.5, 2);
        assertEquals(0.008, s.observe(1.0));
        assertEquals(0.008, s.observe(1.0));
        assertEquals(0.008, s.observe(0.99995)); // not below best·(1 − 1e-4): a bad epoch
        assertEquals(0.004, s.observe(1.2)); // third bad epoch > patience 2
        assertEquals(0.004, s.observe(0.5));
    }

    @Test
    void shuffleIsAPermutationDeterminedBySeedAndEpoch() {
        int[] a = EpochLoop.shuffle(100, new org.heatbench.datasets.SeedSequence(5).forItem(3));
        int[] b = EpochLoop.shuffle(100, new org.heatbench.datasets.SeedSequence(5).forItem(3));
        int[] c = EpochLoop.shuffle(100, new org.heatbench.datasets.SeedSequence(5).forItem(4));
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(a, c));
        assertEquals(4950, java.util.Arrays.stream(a).sum());
        assertEquals(100, java.util.Arrays.stream(a).distinct().count());
    }
}
