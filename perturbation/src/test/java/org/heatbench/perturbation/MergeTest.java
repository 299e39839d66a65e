package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.ListSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.stats.CurveAccumulator;
import org.heatbench.perturbation.stats.ExactSum;
import org.heatbench.perturbation.stats.Moments;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** accept + combine of partial accumulators equals one sequential pass, bit for bit. */
class MergeTest {
    private static List<RecordEvaluation> records;

    @BeforeAll
    static void evaluate() {
        records = EvaluationFixtures.records(14);
    }

    private static SummaryAccumulator fresh() {
        return SummaryAccumulator.create(EvaluationFixtures.CONFIG, "qt", EvaluationFixtures.METHODS);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T o) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void combinedPartialsEqualOneSequentialPass() {
        SummaryAccumulator single = fresh();
        records.forEach(single::accept);
        PerturbationSummary expected = single.finish();

        // the fixture exercises the interesting cases
        assertEquals(14, expected.counts().records());
        assertTrue(expected.counts().missingTruth() > 0);
        assertEquals(1, expected.counts().excluded());
        assertEquals(1L, expected.methodCounts().get(1).statuses().get(MethodStatus.NON_FINITE_ATTRIBUTION.key()));
        assertEquals(1, expected.methodCounts().get(2).constantAttribution());
        assertTrue(expected.pairwise().size() > 0 && expected.rankings().size() > 0);

        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(3L);
        for (int trial = 0; trial < 4; trial++) {
            List<RecordEvaluation> shuffled = new ArrayList<>(records);
            ListSampler.shuffle(rng, shuffled);
            int[] cuts = {0, 1 + trial, 6, 6 + trial, shuffled.size()};
            List<SummaryAccumulator> parts = new ArrayList<>();
            for (int p = 0; p + 1 < cuts.length; p++) {
                SummaryAccumulator a = fresh();
                shuffled.subList(cuts[p], cuts[p + 1]).forEach(a::accept);
                parts.add(roundTrip(a)); // partials travel between JVMs in Spark
            }
            // a tree of combines in a different order from the partitions
            SummaryAccumulator left = parts.get(3).combine(parts.get(1));
            SummaryAccumulator right = parts.get(0).combine(parts.get(2));
            PerturbationSummary combined = right.combine(left).finish();
            assertEquals(expected, combined, "trial " + trial);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper().setPropertyNamingStrategy(
                    com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    /** What a work unit's partial statistics file does: state → JSON text → state → accumulator. */
    private static SummaryAccumulator throughJson(SummaryAccumulator a) {
        try {
            String text = JSON.writeValueAsString(a.state());
            assertTrue(text.contains("\"status_counts\""), "typed JSON, snake case");
            return SummaryAccumulator.restore(EvaluationFixtures.CONFIG,
                    JSON.readValue(text, SummaryAccumulator.State.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void typedJsonStatesCombineToOneSequentialPassBitForBit() {
        SummaryAccumulator single = fresh();
        records.forEach(single::accept);
        PerturbationSummary expected = single.finish();
        assertEquals(expected, throughJson(single).finish(), "a state read back is the same accumulator");
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(11L);
        for (int trial = 0; trial < 3; trial++) {
            List<RecordEvaluation> shuffled = new ArrayList<>(records);
            ListSampler.shuffle(rng, shuffled);
            int[] cuts = {0, 2 + trial, 7, shuffled.size()};
            SummaryAccumulator combined = null;
            for (int p = cuts.length - 2; p >= 0; p--) {
                SummaryAccumulator a = fresh();
                shuffled.subList(cuts[p], cuts[p + 1]).forEach(a::accept);
                SummaryAccumulator back = throughJson(a);
                combined = combined == null ? back : combined.combine(back);
            }
            assertEquals(expected, combined.finish(), "trial " + trial);
        }
    }

    @Test
    void aStateThatDoesNotFitTheRunIsRefused() {
        SummaryAccumulator a = fresh();
        records.subList(0, 3).forEach(a::accept);
        SummaryAccumulator.State s = a.state();
        SummaryAccumulator.State fewerCurves = new SummaryAccumulator.State(s.target(), s.methods(), s.parameters(),
                s.testedCurves(), s.records(), s.withTruth(), s.commonSet(), s.excluded(), s.maskDefined(),
                s.statusCounts(), s.constantCounts(), s.problems(), s.missingTruth(),
                java.util.Arrays.copyOf(s.curves(), s.curves().length - 1), s.scores(), s.localization(), s.paired(),
                s.flips());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SummaryAccumulator.restore(EvaluationFixtures.CONFIG, fewerCurves));
        assertTrue(e.getMessage().contains("curves"), e.getMessage());
        Moments.State bad = new Moments.State(1, new double[] {Double.NaN}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> Moments.restore(bad));
        assertThrows(IllegalArgumentException.class, () -> Moments.restore(new Moments.State(-1, new double[0],
                new double[0])));
    }

    @Test
    void recordEvaluationsSerialize() {
        for (RecordEvaluation e : records) {
            assertEquals(EvaluationFixtures.canonical(e), EvaluationFixtures.canonical(roundTrip(e)));
        }
    }

    @Test
    void aRecordAcceptedTwiceIsAnErrorNotADoubleCount() {
        SummaryAccumulator a = fresh();
        SummaryAccumulator b = fresh();
        a.accept(records.get(0));
        b.accept(records.get(0));
        assertThrows(IllegalStateException.class, () -> a.combine(b));
        assertThrows(IllegalStateException.class, () -> a.accept(records.get(0)));
    }

    @Test
    void summariesOfDifferentThingsDoNotCombine() {
        SummaryAccumulator other = SummaryAccumulator.create(EvaluationFixtures.CONFIG, "pr", EvaluationFixtures.METHODS);
        assertThrows(IllegalArgumentException.class, () -> fresh().combine(other));
        assertThrows(IllegalArgumentException.class, () -> other.accept(records.get(0)));
    }

    @Test
    void exactSumsDoNotDependOnOrderOrPartitioning() {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(5L);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            values.add((rng.nextDouble() - 0.3) * Math.pow(10, rng.nextInt(20) - 10));
        }
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) {
            exact = exact.add(new BigDecimal(v));
        }
        ExactSum forward = new ExactSum();
        values.forEach(forward::accept);
        assertEquals(exact.doubleValue(), forward.doubleValue());
        assertEquals(0, exact.compareTo(forward.toBigDecimal()));
        double naive = 0;
        for (double v : values) {
            naive += v;
        }
        ListSampler.shuffle(rng, values);
        double naiveShuffled = 0;
        ExactSum a = new ExactSum();
        ExactSum b = new ExactSum();
        for (int i = 0; i < values.size(); i++) {
            naiveShuffled += values.get(i);
            (i % 3 == 0 ? a : b).accept(values.get(i));
        }
        b.combine(a);
        assertEquals(forward.doubleValue(), b.doubleValue());
        // the point of it: plain summation does depend on the order (for this data)
        assertNotEquals(naive, naiveShuffled);

        Moments m1 = new Moments();
        Moments m2 = new Moments();
        Moments all = new Moments();
        for (int i = 0; i < values.size(); i++) {
            all.accept(values.get(i));
            (i < 700 ? m1 : m2).accept(values.get(i));
        }
        assertEquals(all.estimate(), m2.combine(m1).estimate());
    }

    @Test
    void momentsAndCurvesAgreeWithTheTextbookFormulas() {
        Moments m = new Moments();
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        for (double v : x) {
            m.accept(v);
        }
        assertEquals(5.0, m.mean());
        assertEquals(32.0 / 7, m.variance(), 1e-15);
        // t(0.975, 7) = 2.364624251592785
        assertEquals(2.364624251592785 * Math.sqrt(32.0 / 7) / Math.sqrt(8), m.ci95HalfWidth(), 1e-12);
        CurveAccumulator c = new CurveAccumulator(3);
        c.accept(new double[] {0, 1, 2});
        c.accept(new double[] {0, 3, 4});
        assertEquals(2.0, c.result().mean()[1]);
        assertThrows(IllegalArgumentException.class, () -> c.accept(new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> c.accept(new double[] {0, Double.NaN, 1}));
    }
}
