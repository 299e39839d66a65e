package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.Localization;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.junit.jupiter.api.Test;

/** The procedure's small parts: rankings, regions, perturbation functions, schedules, scores. */
class ProcedureTest {
    private static final UniformRandomProvider RNG = new StreamKey(1, "r", "qt").stream("m", "test");

    @Test
    void rankingsBreakTiesByRegionNumberAndHandleConstantScores() {
        double[] s = {0.5, 2, 0.5, -0.0, 2, 0.0, 1};
        assertArrayEquals(new int[] {1, 4, 6, 0, 2, 3, 5}, Order.MORF.order(s, null));
        assertArrayEquals(new int[] {3, 5, 0, 2, 6, 1, 4}, Order.LERF.order(s, null), "−0.0 and 0.0 tie");
        double[] zero = new double[5];
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Order.MORF.order(zero, null));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Order.LERF.order(zero, null));
        int[] r = Order.RANDOM.order(new double[100], new StreamKey(1, "r", "qt").stream("x", "order:random"));
        int[] again = Order.RANDOM.order(new double[100], new StreamKey(1, "r", "qt").stream("x", "order:random"));
        assertArrayEquals(r, again, "the random order is a function of its stream");
        int[] sorted = r.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertNotEquals(Arrays.toString(r), Arrays.toString(Order.MORF.order(new double[100], null)));
        // a large stable sort agrees with a comparator sort
        double[] big = new double[4801];
        for (int i = 0; i < big.length; i++) {
            big[i] = Math.floor(RNG.nextDouble() * 50);
        }
        Integer[] boxed = new Integer[big.length];
        for (int i = 0; i < big.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(big[b], big[a]) != 0 ? Double.compare(big[b], big[a])
                : Integer.compare(a, b));
        assertArrayEquals(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(), Order.MORF.order(big, null));
        assertEquals(List.of(Order.MORF, Order.RANDOM), Order.parseList("morf, RANDOM"));
        assertThrows(ConfigurationException.class, () -> Order.parseList("morf,morf"));
    }

    @Test
    void regionSchemesNumberAndScoreTheirRegions() {
        RegionScheme points = RegionScheme.points();
        assertEquals(4800, points.count(8, 600));
        assertEquals(Region.point(2, 17), points.region(2 * 600 + 17, 8, 600));
        RegionScheme lead = RegionScheme.leadWindows(50);
        assertEquals(8 * 12, lead.count(8, 600));
        assertEquals(new Region(1, 2, 550, 600), lead.region(12 + 11, 8, 600));
        RegionScheme uneven = RegionScheme.leadWindows(7);
        assertEquals(2 * 3, uneven.count(2, 20));
        assertEquals(new Region(1, 2, 14, 20), uneven.region(5, 2, 20), "the last window is shorter");
        RegionScheme all = RegionScheme.windows(10);
        assertEquals(60, all.count(12, 600));
        assertEquals(new Region(0, 12, 590, 600), all.region(59, 12, 600));
        double[] p = new double[2 * 20];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        double[] s = uneven.scores(p, 2, 20);
        assertEquals(0 + 1 + 2 + 3 + 4 + 5 + 6, s[0]);
        assertEquals(34 + 35 + 36 + 37 + 38 + 39, s[5]);
        assertEquals(RegionScheme.windows(4).scores(p, 2, 20)[1], 4 + 5 + 6 + 7 + 24 + 25 + 26 + 27);
        assertEquals("lead_window:w=7", RegionScheme.parse("lead-window:7").canonical());
        assertEquals("window:w=25", RegionScheme.parse("window:w=25").canonical());
        assertEquals("point", RegionScheme.parse("point").canonical());
        assertThrows(ConfigurationException.class, () -> RegionScheme.parse("window"));
        assertThrows(ConfigurationException.class, () -> RegionScheme.parse("window:0"));
        assertThrows(ConfigurationException.class, () -> RegionScheme.parse("blob"));
    }

    private static PerturbationState state(float[] x, int leads, int samples, long seed) {
        return new PerturbationState(x, leads, samples, new StreamKey(seed, "r", "qt").stream("m", "noise:morf"));
    }

    @Test
    void additiveNoiseUsesTheRecordRangeAndTheStreamInPointOrder() {
        float[] x = {0, 10, -10, 5, 1, 2};
        PerturbationState st = state(x, 2, 3, 4);
        PerturbationFunction.additiveNoise(0.2).apply(st, new Region(0, 2, 1, 3));
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(
                new StreamKey(4, "r", "qt").stream("m", "noise:morf"));
        double sigma = 0.2 * 20;
        float[] expected = {0, (float) (10 + sigma * g.sample()), (float) (-10 + sigma * g.sample()), 5,
            (float) (1 + sigma * g.sample()), (float) (2 + sigma * g.sample())};
        assertArrayEquals(expected, st.current());
        assertArrayEquals(new float[] {0, 10, -10, 5, 1, 2}, x, "the clean record is never modified");
    }

    @Test
    void replacementsAndInterpolation() {
        float[] x = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};
        PerturbationState st = state(x, 2, 6, 1);
        PerturbationFunction.zero().apply(st, new Region(0, 1, 0, 2));
        PerturbationFunction.constant(-7.5).apply(st, new Region(0, 1, 2, 3));
        PerturbationFunction.leadMean().apply(st, new Region(1, 2, 5, 6));
        assertArrayEquals(new float[] {0, 0, -7.5f, 4, 5, 6, 10, 20, 30, 40, 50, 35}, st.current());

        // linear interpolation re-imputes the whole removed run from the clean neighbours
        PerturbationState li = state(x, 2, 6, 1);
        PerturbationFunction f = PerturbationFunction.linearInterpolation();
        Region a = new Region(1, 2, 2, 3);
        li.markRemoved(a);
        f.apply(li, a);
        assertEquals(30f, li.current()[8], "a single interior point on a line stays on it");
        Region b = new Region(1, 2, 3, 4);
        li.markRemoved(b);
        f.apply(li, b);
        assertArrayEquals(new float[] {10, 20, 30, 40, 50, 60}, Arrays.copyOfRange(li.current(), 6, 12));
        float[] bumpy = {0, 9, 9, 9, 9, 30};
        PerturbationState bs = state(bumpy, 1, 6, 1);
        Region mid = new Region(0, 1, 1, 5);
        bs.markRemoved(mid);
        f.apply(bs, mid);
        assertArrayEquals(new float[] {0, 6, 12, 18, 24, 30}, bs.current());
        PerturbationState edge = state(bumpy.clone(), 1, 6, 1);
        Region left = new Region(0, 1, 0, 2);
        edge.markRemoved(left);
        f.apply(edge, left);
        assertArrayEquals(new float[] {9, 9, 9, 9, 9, 30}, edge.current(), "one neighbour: its value");
        PerturbationState whole = state(bumpy.clone(), 1, 6, 1);
        Region lead = new Region(0, 1, 0, 6);
        whole.markRemoved(lead);
        f.apply(whole, lead);
        assertEquals(11f, whole.current()[3], "no neighbour: the lead's mean");

        // ROAD: the same line plus per-point noise fixed when the point is first removed
        PerturbationState road = state(bumpy.clone(), 1, 6, 8);
        PerturbationFunction r = PerturbationFunction.noisyLinearImputation(0.1);
        Region p2 = new Region(0, 1, 2, 3);
        road.markRemoved(p2);
        r.apply(road, p2);
        float noise2 = road.current()[2] - 9f;
        assertNotEquals(0f, noise2);
        Region p3 = new Region(0, 1, 3, 4);
        road.markRemoved(p3);
        r.apply(road, p3);
        assertEquals(noise2, road.current()[2] - 9f, 1e-4, "the noise of point 2 is kept");
        assertNotEquals(road.current()[2] - 9f, road.current()[3] - 9f, "each point has its own noise");
        assertEquals("road:k=0.1", r.canonical());
        assertEquals("interpolate", PerturbationFunction.parse("interpolate").canonical());
        assertEquals("noise:k=0.2", PerturbationFunction.parse("noise").canonical());
        assertEquals("noise:k=0.5", PerturbationFunction.parse("noise:k=0.5").canonical());
        assertEquals("constant:c=3", PerturbationFunction.parse("constant:3").canonical());
        assertEquals("lead_mean", PerturbationFunction.parse("lead-mean").canonical());
        assertEquals("road:k=0.01", PerturbationFunction.parse("road").canonical());
        assertThrows(ConfigurationException.class, () -> PerturbationFunction.parse("zero:1"));
        assertThrows(ConfigurationException.class, () -> PerturbationFunction.parse("noise:k=-1"));
        assertThrows(ConfigurationException.class, () -> PerturbationFunction.parse("blur"));
    }

    @Test
    void trajectoriesFollowTheScheduleCumulativeOrNot() {
        float[] x = {1, 2, 3, 4, 5, 6};
        PerturbationConfig cfg = PerturbationConfig.study(Target.QT).withPerturbation(PerturbationFunction.zero())
                .withSchedule(new Schedule(2, 2, true));
        Trajectory t = Trajectory.start(cfg, x, 1, 6, new int[] {5, 0, 3, 1, 2, 4}, null);
        float[] out = new float[12];
        t.next(out, 0);
        t.next(out, 6);
        assertTrue(!t.hasNext());
        assertArrayEquals(new float[] {0, 2, 3, 4, 5, 0, 0, 0, 3, 0, 5, 0}, out);
        assertThrows(IllegalStateException.class, () -> t.next(out, 0));
        Trajectory occl = Trajectory.start(cfg.withSchedule(new Schedule(2, 2, false)), x, 1, 6,
                new int[] {5, 0, 3, 1, 2, 4}, null);
        occl.next(out, 0);
        occl.next(out, 6);
        assertArrayEquals(new float[] {0, 2, 3, 4, 5, 0, 1, 0, 3, 0, 5, 6}, out, "non-cumulative: one set at a time");
    }

    @Test
    void scoresFollowTheirDefinitions() {
        PerturbationConfig cfg = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(6));
        ScoreLayout layout = ScoreLayout.of(cfg);
        assertEquals(List.of("auc_5", "auc", "aopc", "lerf_auc", "abpc", "random_gap", "srg"), layout.names(),
                "AUC@n above the step count are not reported");
        double[] morf = {1, 2, 4, 4, 5, 6, 8};
        double[] lerf = {1, 1, 1, 1, 1, 1, 1};
        double[] random = {1, 1, 2, 2, 3, 3, 4};
        double[] s = layout.compute(morf, lerf, random);
        assertEquals(0.5 * 1 + 2 + 4 + 4 + 5 + 0.5 * 6, s[0]);
        assertEquals(0.5 * 1 + 2 + 4 + 4 + 5 + 6 + 0.5 * 8, s[1]);
        assertEquals((0 + 1 + 3 + 3 + 4 + 5 + 7) / 7.0, s[2]);
        assertEquals(6.0, s[3]);
        assertEquals(s[1] - 6.0, s[4]);
        assertEquals(s[1] - (0.5 + 1 + 2 + 2 + 3 + 3 + 2), s[5]);
        double[] c = layout.computeControl(random);
        assertEquals(Double.NaN, c[3]);
        assertTrue(ScoreLayout.higherIsBetter("abpc") && !ScoreLayout.higherIsBetter("lerf_auc"));
    }

    @Test
    void localizationAccuracies() {
        float[] a = {0, 3, -1, 0, 0, 1};
        boolean[] mask = {false, true, true, false, false, false};
        Localization abs = Localization.of(a, mask, ScoreMode.ABSOLUTE);
        assertEquals(4.0 / 5, abs.massAccuracy());
        assertEquals(1.0, abs.rankAccuracy(), "top-2 |a| are points 1 and 2");
        Localization signed = Localization.of(a, mask, ScoreMode.SIGNED);
        assertEquals(3.0 / 4, signed.massAccuracy());
        assertEquals(0.5, signed.rankAccuracy(), "top-2 positive are points 1 and 5");
        assertTrue(Double.isNaN(Localization.of(new float[6], mask, ScoreMode.ABSOLUTE).massAccuracy()));
        assertTrue(Double.isNaN(Localization.of(a, new boolean[6], ScoreMode.ABSOLUTE).rankAccuracy()));
    }

    @Test
    void configurationParsingAndValidation() {
        assertEquals(436, BatchBudget.DEFAULT.rowsPerRun(8 * 600));
        assertEquals(64, BatchBudget.ofRows(64, 8, 600).rowsPerRun(8 * 600));
        assertEquals(2, BatchBudget.parse("1KiB").rowsPerRun(8 * 600), "at least two rows");
        assertEquals(8L << 20, BatchBudget.parse("8MiB").bytes());
        assertEquals(64_000_000L, BatchBudget.parse("64MB").bytes());
        assertEquals(1L << 30, BatchBudget.parse("1 GiB").bytes());
        assertThrows(ConfigurationException.class, () -> BatchBudget.parse("lots"));
        assertThrows(ConfigurationException.class, () -> PerturbationConfig.study(Target.QT)
                .withOrders(List.of(Order.LERF)));
        assertThrows(ConfigurationException.class, () -> PerturbationConfig.study(Target.QT)
                .withAucSteps(List.of(10, 5)));
        assertThrows(ConfigurationException.class, () -> PerturbationConfig.preset("quick", Target.QT));
        assertEquals("preset=study;score=abs;regions=point;perturbation=noise:k=0.2;steps=199;regions_per_step=1;"
                + "cumulative=true;orders=morf;auc_steps=5,10,15,25;relative_error_floor=10.0",
                PerturbationConfig.study(Target.QT).canonical());
        assertEquals("custom", PerturbationConfig.study(Target.QT).withSchedule(Schedule.of(5)).preset());
        assertEquals(100.0, PerturbationConfig.standard(Target.STJ_V5).relativeError().floor());
        assertEquals(ScoreMode.SIGNED, ScoreMode.parse("signed"));
        assertThrows(ConfigurationException.class, () -> new Schedule(0, 1, true));
    }

    @Test
    void streamsAreKeyedByEveryPart() {
        StreamKey k = new StreamKey(1, "r", "qt");
        long a = k.stream("m", "noise:morf").nextLong();
        assertEquals(a, new StreamKey(1, "r", "qt").stream("m", "noise:morf").nextLong());
        assertNotEquals(a, new StreamKey(2, "r", "qt").stream("m", "noise:morf").nextLong());
        assertNotEquals(a, new StreamKey(1, "s", "qt").stream("m", "noise:morf").nextLong());
        assertNotEquals(a, new StreamKey(1, "r", "pr").stream("m", "noise:morf").nextLong());
        assertNotEquals(a, k.stream("n", "noise:morf").nextLong());
        assertNotEquals(a, k.stream("m", "noise:lerf").nextLong());
    }
}
