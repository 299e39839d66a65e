package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SeedSequence;
import org.heatbench.datasets.Target;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final List<Lead> LEADS = Lead.INDEPENDENT_8;
    private static final int S = 600;
    private static final int REC = 8 * S;
    private static final int ROW = REC + 1;

    /** A batch of n records: lead k of record r is a bump of height 100·(k + 1) + r at sample 200 + 10k. */
    private static float[] batch(int n, float target) {
        float[] b = new float[n * ROW];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < 8; k++) {
                for (int i = 0; i < S; i++) {
                    double d = i - (200 + 10 * k);
                    b[r * ROW + k * S + i] = (float) ((100 * (k + 1) + r) * Math.exp(-d * d / 200));
                }
            }
            b[r * ROW + REC] = target;
        }
        return b;
    }

    @Test
    void parsesAndRejects() {
        assertFalse(Augmentation.parse("none").enabled());
        assertEquals(Augmentation.DEFAULT, Augmentation.parse("default"));
        Augmentation a = Augmentation.parse("p=1,scale=1.5,shift=3,offset=0,wander=0,noise=0");
        assertEquals(new Augmentation(1, 1.5, 3, 0, 0, 0), a);
        assertThrows(ConfigurationException.class, () -> Augmentation.parse("p=1,foo=2"));
        assertThrows(ConfigurationException.class, () -> Augmentation.parse("p=x"));
        assertThrows(ConfigurationException.class, () -> Augmentation.parse("p=2"));
    }

    @Test
    void seededAndDisabledLeavesTheBatchAlone() {
        Normalization norm = Normalization.of(new double[] {1000, 1400});
        float[] a = batch(16, 0.3f);
        float[] b = batch(16, 0.3f);
        Augmentation.DEFAULT.apply(a, 16, LEADS, S, Target.QT, norm, new SeedSequence(5).forItem(1));
        Augmentation.DEFAULT.apply(b, 16, LEADS, S, Target.QT, norm, new SeedSequence(5).forItem(1));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, batch(16, 0.3f)));
        float[] c = batch(16, 0.3f);
        Augmentation.NONE.apply(c, 16, LEADS, S, Target.QT, norm, new SeedSequence(5).forItem(1));
        assertArrayEquals(batch(16, 0.3f), c);
        for (int r = 0; r < 16; r++) {
            assertEquals(0.3f, a[r * ROW + REC], "an interval target is never changed");
        }
    }

    @Test
    void scalingKeepsAV5AmplitudeTargetExact() {
        Normalization norm = Normalization.of(new double[] {800, 1600});
        double y = 1300;
        float z = (float) norm.normalise(y);
        int n = 64;
        float[] orig = batch(n, z);
        float[] b = batch(n, z);
        new Augmentation(1, 1.25, 0, 0, 0, 0).apply(b, n, LEADS, S, Target.R_AMP_V5, norm,
                new SeedSequence(9).forItem(3));
        int v5 = LEADS.indexOf(Lead.V5);
        int scaled = 0;
        for (int r = 0; r < n; r++) {
            int peak = r * ROW + v5 * S + 200 + 10 * v5;
            double factor = b[peak] / orig[peak];
            assertTrue(factor >= 0.8 - 1e-6 && factor <= 1.25 + 1e-6, "factor " + factor);
            assertEquals(y * factor, norm.denormalise(b[r * ROW + REC]), 1e-3 * y);
            scaled += Math.abs(factor - 1) > 1e-6 ? 1 : 0;
        }
        assertTrue(scaled > n / 4 && scaled < n, "each record's scaling applied with probability 1/2: " + scaled);
    }

    @Test
    void shiftMovesEveryLeadByOneWholeNumberOfSamples() {
        int n = 32;
        float[] orig = batch(n, 0);
        float[] b = batch(n, 0);
        new Augmentation(1, 1, 7, 0, 0, 0).apply(b, n, LEADS, S, Target.QT, Normalization.of(new double[] {0, 1}),
                new SeedSequence(2).forItem(1));
        for (int r = 0; r < n; r++) {
            int k = -8;
            for (int s = -7; s <= 7 && k == -8; s++) {
                boolean match = true;
                for (int i = 20; i < S - 20 && match; i++) {
                    match = b[r * ROW + i] == orig[r * ROW + i - s];
                }
                if (match) {
                    k = s;
                }
            }
            assertTrue(k >= -7, "record " + r + " is a shifted copy");
            for (int lead = 1; lead < 8; lead++) {
                assertEquals(orig[r * ROW + lead * S + 300 - k], b[r * ROW + lead * S + 300], "lead " + lead);
            }
        }
    }

    @Test
    void tailTouchesOnlyTheWindowsLastSeventySamplesAndNoTarget() {
        Normalization norm = Normalization.of(new double[] {1000, 1400});
        assertEquals(Augmentation.REALISTIC, Augmentation.parse("realistic"));
        assertEquals(60, Augmentation.parse("tail=60").tailUv());
        Augmentation tailOnly = new Augmentation(1, 1, 0, 0, 0, 0, 60);
        float[] a = batch(64, 0.3f);
        tailOnly.apply(a, 64, LEADS, S, Target.QT, norm, new SeedSequence(9).forItem(1));
        float[] clean = batch(64, 0.3f);
        int touched = 0;
        double largest = 0;
        for (int r = 0; r < 64; r++) {
            boolean any = false;
            for (int k = 0; k < 8; k++) {
                for (int i = 0; i < S; i++) {
                    float d = a[r * ROW + k * S + i] - clean[r * ROW + k * S + i];
                    if (i < S - 70) {
                        assertEquals(0, d, 0, "record " + r + " lead " + k + " sample " + i);
                    } else if (d != 0) {
                        any = true;
                        largest = Math.max(largest, Math.abs(d));
                    }
                }
            }
            assertEquals(clean[r * ROW + REC], a[r * ROW + REC], "the target is unchanged");
            touched += any ? 1 : 0;
        }
        // each record gets a tail with probability 1/2; amplitudes up to 60 µV
        assertTrue(touched > 16 && touched < 48, "records with a tail: " + touched);
        assertTrue(largest > 20 && largest <= 60.001, "largest tail: " + largest);
        assertTrue(String.valueOf(Augmentation.REALISTIC.describe().get("spec")).endsWith(",tail=60.0"));
    }
}
