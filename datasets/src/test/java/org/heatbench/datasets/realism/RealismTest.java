package org.heatbench.datasets.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distances against closed forms, features against a hand-built beat, and the comparison on generated stores. */
class RealismTest {
    @TempDir
    Path tmp;

    @Test
    void distancesMatchClosedForms() {
        // shifting a sample by c moves it by exactly c in W1; KS of disjoint samples is 1
        assertEquals(1.0, Distances.wasserstein1(new double[] {0, 1}, new double[] {1, 2}), 1e-12);
        assertEquals(2.5, Distances.wasserstein1(new double[] {0, 1, 2, 3}, new double[] {2.5, 3.5, 4.5, 5.5}), 1e-12);
        // a point mass at 0 against uniform {0, 1, 2, 3}: mean |x| = 1.5
        assertEquals(1.5, Distances.wasserstein1(new double[] {0}, new double[] {0, 1, 2, 3}), 1e-12);
        assertEquals(0.0, Distances.wasserstein1(new double[] {3, 1, 2}, new double[] {1, 2, 3}), 1e-12);
        assertEquals(1.0, Distances.kolmogorovSmirnov(new double[] {0, 1}, new double[] {5, 6}), 1e-12);
        assertEquals(0.5, Distances.kolmogorovSmirnov(new double[] {0, 1}, new double[] {1, 2}), 1e-12);
        // two below, one tie (counts half), of four finite values
        assertEquals(0.625, Distances.percentile(2, new double[] {0, 1, 2, 3, Double.NaN}), 1e-12);
        assertTrue(Double.isNaN(Distances.wasserstein1(new double[] {Double.NaN}, new double[] {1})));
    }

    @Test
    void featuresOfAHandBuiltBeat() {
        int n = 600;
        float[] s = new float[8 * n];
        // QRS from 200 to 250: lead I +100 µV, lead II +200 µV (aVF = II - I/2 = 150): axis atan2(150, 100)
        for (int i = 201; i < 250; i++) {
            s[i] = 100;
            s[n + i] = 200;
        }
        // V5 (lead index 6): a 40 µV step in the last 100 ms only
        for (int i = 560; i < 600; i++) {
            s[6 * n + i] = 40;
        }
        Targets t = new Targets(60, 150, 100, 400, 300, 1000, 10);
        Fiducials f = new Fiducials(120, 170, 200, 250, 400, 225);
        double[] x = BeatFeatures.extract(s, n, 500, t, f);
        assertEquals(150, x[0], 0);
        assertEquals(400, x[6], 1e-12);
        assertEquals(Math.toDegrees(Math.atan2(150, 100)), x[7], 1e-9);
        assertEquals(100, x[8], 0);
        assertEquals(200, x[9], 0);
        assertEquals(40, x[14], 0);
        assertEquals(0, x[16], 0);
        assertEquals(40.0 / 8, x[17], 1e-12);
        assertEquals(40.0 / 8, x[18], 1e-12);
        double[] unknown = BeatFeatures.extract(s, n, 500, Targets.MISSING, Fiducials.UNKNOWN);
        assertTrue(Double.isNaN(unknown[0]) && Double.isNaN(unknown[6]) && Double.isNaN(unknown[7]));
        assertEquals(BeatFeatures.NAMES.size(), BeatFeatures.UNITS.size());
    }

    private Path store(String name, GeneratorConfig cfg) {
        Path dir = tmp.resolve(name);
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(cfg);
        try (StoreWriter w = StoreWriter.create(dir, g.storeSpec(Lead.STANDARD_12, SplitPolicy.DEFAULT), false)) {
            g.generate(w, 1);
        }
        return dir;
    }

    @Test
    void comparisonSeesTheNextBeatAndFindsAStoreClosestToItself() {
        Path v1 = store("v1", GeneratorConfig.legacy(300, 1));
        Path v2 = store("v2", GeneratorConfig.defaults(300, 2));
        Path v2b = store("v2b", GeneratorConfig.defaults(20, 3));
        try (EcgStore a = EcgStore.open(v1); EcgStore b = EcgStore.open(v2); EcgStore real = EcgStore.open(v2b)) {
            RealismReport near = RealismComparison.compare(real, b, 0, 2);
            RealismReport far = RealismComparison.compare(real, a, 0, 2);
            int post = BeatFeatures.NAMES.indexOf("post_t_activity");
            assertTrue(near.features().get(post).wassersteinSd() < 0.5, "same model: " + near.features().get(post));
            assertTrue(far.features().get(post).ks() > 0.3, "v1 draws the next beat: " + far.features().get(post));
            assertEquals(20, near.neighbours().size());
            assertEquals(2, near.neighbours().get(0).ids().size());
            double[] d = near.neighbours().get(0).distances();
            assertTrue(d[0] <= d[1]);
            double meanNear = near.neighbours().stream().mapToDouble(r -> r.distances()[0]).average().orElseThrow();
            double meanFar = far.neighbours().stream().mapToDouble(r -> r.distances()[0]).average().orElseThrow();
            assertTrue(meanNear < meanFar, meanNear + " vs " + meanFar);
            assertEquals(List.copyOf(BeatFeatures.NAMES), near.features().stream().map(RealismReport.FeatureRow::name)
                    .toList());
        }
    }
}
