package org.heatbench.perturbation.scores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Target;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.Schedule;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.eval.DecisionFlip;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.ModelScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.io.RecordColumns;
import org.heatbench.perturbation.stats.FlipSummary;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.Test;

/**
 * Decision flips (docs/PERTURBATION.md, "Decision flips") by hand on a linear logit model z = Σx − 5 over 1 lead × 6
 * samples with zero replacement, through the evaluator, the row schema and the mergeable summary.
 */
class DecisionFlipTest {
    private static final Classification SIGMOID = Classification.of(Classification.Activation.SIGMOID);

    private static ModelScorer linear() {
        return new ModelScorer() {
            @Override
            public int leads() {
                return 1;
            }

            @Override
            public int samples() {
                return 6;
            }

            @Override
            public float[] predict(float[] rows, int n) {
                float[] y = new float[n];
                for (int r = 0; r < n; r++) {
                    float s = -5;
                    for (int t = 0; t < 6; t++) {
                        s += rows[6 * r + t];
                    }
                    y[r] = s;
                }
                return y;
            }

            @Override
            public void close() {
                // nothing
            }
        };
    }

    private static PerturbationConfig config(Schedule s) {
        return PerturbationConfig.standard(Target.QT).withRegions(RegionScheme.points())
                .withPerturbation(PerturbationFunction.zero()).withSchedule(s);
    }

    private static List<RecordEvaluation> evaluate(PerturbationConfig config, Classification cls, float[]... xs) {
        List<RecordInput> in = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            in.add(new RecordInput("r" + i, i, xs[i], 1.0, null, Map.of("a", xs[i].clone())));
        }
        try (PerturbationEvaluator ev = PerturbationEvaluator.create(linear(), config, BatchBudget.DEFAULT, 1, "c",
                List.of("a"), cls)) {
            return ev.evaluate(in);
        }
    }

    @Test
    void firstFlipStepAndFractionByHand() {
        // x = 4, 3, 2, 1, 0, 0: z = 5; MoRF with zero removes 4, 3, 2, 1: z = 5, 1, -2, -4, -5
        float[] x = {4, 3, 2, 1, 0, 0};
        RecordEvaluation r = evaluate(config(Schedule.of(4)), SIGMOID, x).get(0);
        MethodEvaluation m = r.method("a").orElseThrow();
        assertArrayEquals(new float[] {5, 1, -2, -4, -5}, m.predictionsOf(Order.MORF));
        assertEquals(new DecisionFlip(2, 2.0 / 6), m.flip(), "p drops below 0.5 at step 2 with 2 of 6 points removed");
        // the control's flip is that of its own (random-order) trajectory
        MethodEvaluation c = r.control();
        assertEquals(DecisionFlip.of(SIGMOID, c.predictionsOf(Order.RANDOM), Schedule.of(4), 6), c.flip());
        // two regions per step: z = 5, -2, -5: the flip is at step 1 with 2 of 6 regions removed
        MethodEvaluation two = evaluate(config(new Schedule(2, 2, true)), SIGMOID, x).get(0).method("a")
                .orElseThrow();
        assertEquals(new DecisionFlip(1, 2.0 / 6), two.flip());
        // x = -4, 3, 2, 2, 2, 2 (z = 2): cumulative MoRF z = 2, 6, 3, 1, -1 flips at step 4 with 4 of 6 removed;
        // non-cumulative (step k removes only its own region) z = 2, 6, -1 flips at step 2 with one region removed
        float[] mixed = {-4, 3, 2, 2, 2, 2};
        assertEquals(new DecisionFlip(4, 4.0 / 6), evaluate(config(Schedule.of(4)), SIGMOID, mixed).get(0)
                .method("a").orElseThrow().flip());
        MethodEvaluation occl = evaluate(config(new Schedule(3, 1, false)), SIGMOID, mixed).get(0).method("a")
                .orElseThrow();
        assertArrayEquals(new float[] {2, 6, -1, 0}, occl.predictionsOf(Order.MORF));
        assertEquals(new DecisionFlip(2, 1.0 / 6), occl.flip());
        // a threshold of 0.01 (z = -4.6) is crossed at step 4 only
        Classification low = new Classification(Classification.Activation.SIGMOID, false, 0.01);
        assertEquals(4, evaluate(config(Schedule.of(4)), low, x).get(0).method("a").orElseThrow().flip().step());
        // a decision that holds: z = 25, 20, 15, 10, 5
        float[] strong = {5, 5, 5, 5, 5, 5};
        DecisionFlip none = evaluate(config(Schedule.of(4)), SIGMOID, strong).get(0).method("a").orElseThrow().flip();
        assertFalse(none.flipped());
        assertTrue(Double.isNaN(none.fraction()));
        // a clean negative decision flips upwards too: removing -3 first from z = -1 gives z = 2
        float[] neg = {-3, 1, 1, 1, 1, 3};
        assertEquals(1, SIGMOID.flipStep(new float[] {-1, 2}));
        assertTrue(evaluate(config(Schedule.of(2)), SIGMOID, neg).get(0).method("a").orElseThrow().flip().flipped());
    }

    @Test
    void regressionHasNoFlip() {
        RecordEvaluation r = evaluate(config(Schedule.of(4)), null, new float[] {4, 3, 2, 1, 0, 0}).get(0);
        assertNull(r.method("a").orElseThrow().flip());
        RecordColumns cols = RecordColumns.of(ScoreLayout.of(config(Schedule.of(4))));
        Object[] row = cols.rows(r, null).get(0);
        for (String name : List.of("flipped", "flip_step", "flip_fraction")) {
            assertNull(row[index(cols, name)], name);
        }
    }

    private static int index(RecordColumns cols, String name) {
        for (int i = 0; i < cols.columns().size(); i++) {
            if (cols.columns().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void rowColumnsCarryTheFlip() {
        PerturbationConfig config = config(Schedule.of(4));
        List<RecordEvaluation> rs = evaluate(config, SIGMOID, new float[] {4, 3, 2, 1, 0, 0},
                new float[] {5, 5, 5, 5, 5, 5});
        RecordColumns cols = RecordColumns.of(ScoreLayout.of(config));
        List<String> names = cols.scalarColumns().stream().map(RecordColumns.Column::name).toList();
        assertEquals(List.of("flipped", "flip_step", "flip_fraction"), names.subList(names.size() - 3, names.size()),
                "the flip columns come last, so earlier columns keep their positions");
        Object[] flipped = cols.rows(rs.get(0), null).get(0);
        assertEquals(true, flipped[index(cols, "flipped")]);
        assertEquals(2, flipped[index(cols, "flip_step")]);
        assertEquals(2.0 / 6, flipped[index(cols, "flip_fraction")]);
        Object[] held = cols.rows(rs.get(1), null).get(0);
        assertEquals(false, held[index(cols, "flipped")]);
        assertNull(held[index(cols, "flip_step")]);
        assertNull(held[index(cols, "flip_fraction")]);
    }

    @Test
    void summaryCountsFlipsAndMergesExactly() {
        PerturbationConfig config = config(Schedule.of(4));
        // method a flips at step 2 (z = 5, 1, -2), 1 (z = 1, -5), never (z = 25 .. 5) and 2 (z = 4, 1, -2)
        float[][] xs = {{4, 3, 2, 1, 0, 0}, {6, 0, 0, 0, 0, 0}, {5, 5, 5, 5, 5, 5}, {3, 3, 3, 0, 0, 0}};
        List<RecordEvaluation> rs = evaluate(config, SIGMOID, xs);
        int[] expected = {2, 1, -1, 2};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(expected[i], rs.get(i).method("a").orElseThrow().flip().step(), "record " + i);
        }
        SummaryAccumulator all = SummaryAccumulator.create(config, "c", List.of("a"), SIGMOID);
        rs.forEach(all::accept);
        PerturbationSummary s = all.finish();
        FlipSummary a = s.flips().get(0);
        assertEquals("a", a.participant());
        assertEquals(4, a.n());
        assertEquals(3, a.flipped());
        assertEquals(0.75, a.share());
        assertArrayEquals(new long[] {1, 1, 2, 0, 0}, a.histogram());
        assertEquals(5.0 / 3, a.step().mean(), 1e-15);
        assertEquals(2.0, a.medianStep());
        assertEquals(MethodEvaluation.CONTROL, s.flips().get(1).participant());
        // any partition, restored from its stored state, gives the same flips
        SummaryAccumulator left = SummaryAccumulator.create(config, "c", List.of("a"), SIGMOID);
        SummaryAccumulator right = SummaryAccumulator.create(config, "c", List.of("a"), SIGMOID);
        left.accept(rs.get(3));
        left.accept(rs.get(0));
        right.accept(rs.get(1));
        right.accept(rs.get(2));
        SummaryAccumulator merged = SummaryAccumulator.restore(config, right.state())
                .combine(SummaryAccumulator.restore(config, left.state()));
        assertEquals(s.flips(), merged.finish().flips(), "bit for bit, histograms included");
        assertEquals(s, merged.finish(), "the whole summary");
        // a state stored before flips were counted restores with no flip data (its records are not in n)
        SummaryAccumulator.State st = left.state();
        SummaryAccumulator.State old = new SummaryAccumulator.State(st.target(), st.methods(), st.parameters(),
                st.testedCurves(), st.records(), st.withTruth(), st.commonSet(), st.excluded(), st.maskDefined(),
                st.statusCounts(), st.constantCounts(), st.problems(), st.missingTruth(), st.curves(), st.scores(),
                st.localization(), st.paired(), null);
        PerturbationSummary partial = SummaryAccumulator.restore(config, old)
                .combine(SummaryAccumulator.restore(config, right.state())).finish();
        assertEquals(2, partial.flips().get(0).n(), "only the two records of the newer state");
        assertEquals(4, partial.counts().records());
    }

    @Test
    void flipShareIntervalAndMedianFromTheHistogram() {
        // 4 of 6 flipped (steps 1, 3, 3, 3): Wilson 95% interval of 4/6 = (0.2999, 0.9032) (closed form; statsmodels
        // proportion_confint(4, 6, method="wilson")), median step 3, mean 2.5
        FlipSummary f = FlipSummary.of("m", new long[] {2, 1, 0, 3});
        assertEquals(6, f.n());
        assertEquals(4, f.flipped());
        assertEquals(4.0 / 6, f.share(), 1e-15);
        assertEquals(0.2999, f.shareLow(), 1e-4);
        assertEquals(0.9032, f.shareHigh(), 1e-4);
        assertEquals(3.0, f.medianStep());
        assertEquals(2.5, f.step().mean(), 1e-15);
        // an even count takes the mean of the two middle steps; none flipped: NaN, share 0 with a proper interval
        assertEquals(1.5, FlipSummary.of("m", new long[] {0, 1, 1}).medianStep());
        FlipSummary none = FlipSummary.of("m", new long[] {5, 0});
        assertEquals(0.0, none.share());
        assertEquals(0.0, none.shareLow());
        assertTrue(none.shareHigh() > 0.4 && none.shareHigh() < 0.45, "Wilson upper bound of 0/5 is 0.4345");
        assertTrue(Double.isNaN(none.medianStep()));
    }
}
