package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.io.RecordColumns;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.stats.FlipSummary;
import org.heatbench.perturbation.stats.FriedmanResult;
import org.heatbench.perturbation.stats.MeanCurve;
import org.heatbench.perturbation.stats.Moments;
import org.heatbench.perturbation.stats.PairwiseTest;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.heatbench.perturbation.stats.ZeroTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of every CSV table a results directory holds, against the text recomputed here from the values written
 * (docs/PERTURBATION.md, "Output files"): header, column order, Java's shortest round-trip numbers, NaN as an empty
 * field, quoting of fields holding a comma or quote (method specs), '\n' line ends, UTF-8. The fixture is the seeded
 * {@link EvaluationFixtures} run plus decision-flip rows and a participant whose name needs quoting, so every table
 * and every branch of the formatting (flip rows, localization rows, rows without a rank, NaN) is reached.
 */
class ResultsTablesTest {
    /** A method spec with a comma and a quote: must be written quoted, the quote doubled. */
    private static final String QUOTED = "ig(steps=8,baseline=\"zero\")";

    @TempDir
    static Path tmp;

    private static List<RecordEvaluation> records;
    private static PerturbationSummary summary;
    private static Path out;

    @BeforeAll
    static void writeRun() {
        records = EvaluationFixtures.records(6);
        SummaryAccumulator acc = SummaryAccumulator.create(EvaluationFixtures.CONFIG, "qt", EvaluationFixtures.METHODS);
        out = tmp.resolve("run");
        try (ResultsWriter w = ResultsWriter.open(out, EvaluationFixtures.CONFIG, false)) {
            for (RecordEvaluation r : records) {
                w.accept(r);
                acc.accept(r);
            }
            PerturbationSummary s = acc.finish();
            // a regression run has no decision flips: add a class's flip rows (one participant never flips: NaN median)
            // and a score row of a participant no ranking knows (empty rank and position)
            List<PerturbationSummary.ScoreSummary> scores = new ArrayList<>(s.scores());
            scores.add(new PerturbationSummary.ScoreSummary(QUOTED, s.scores().get(0).key(),
                    new Moments.Estimate(2, 0.5, Double.NaN, -1e-300, 1.0 / 3)));
            summary = new PerturbationSummary(s.target(), s.methods(), s.parameters(), s.scoreNames(),
                    s.curvePoints(), s.counts(), s.methodCounts(), s.problems(), s.missingTruth(), s.curves(), scores,
                    s.localization(), s.rankings(), s.pairwise(), s.randomGapTests(),
                    List.of(FlipSummary.of("a", new long[] {3, 1, 0, 2}), FlipSummary.of(QUOTED, new long[] {6, 0, 0}),
                            FlipSummary.of("random_order", new long[] {1, 0, 0, 0, 5})));
            w.finish(summary, Map.of("seed", 99));
        }
    }

    @Test
    void summaryCsv() throws IOException {
        StringBuilder want = new StringBuilder("target,participant,curve,score,n,mean,sd,ci_low,ci_high,mean_rank,"
                + "position\n");
        for (PerturbationSummary.ScoreSummary ss : summary.scores()) {
            String rank = "";
            String position = "";
            for (FriedmanResult f : summary.rankings()) {
                int i = f.methods().indexOf(ss.participant());
                if (f.key().equals(ss.key()) && i >= 0) {
                    rank = d(f.meanRanks()[i]);
                    // position: 1 + the methods ranked ahead of this one
                    List<Integer> order = f.ranking();
                    int ahead = 0;
                    while (order.get(ahead) != i) {
                        ahead++;
                    }
                    position = String.valueOf(ahead + 1);
                }
            }
            line(want, summary.target(), ss.participant(), ss.key().curve().key(), ss.key().score(),
                    estimate(ss.estimate()), rank, position);
        }
        for (PerturbationSummary.LocalizationSummary l : summary.localization()) {
            line(want, summary.target(), l.method(), "localization", "mass_accuracy", estimate(l.massAccuracy()),
                    "", "");
            line(want, summary.target(), l.method(), "localization", "rank_accuracy", estimate(l.rankAccuracy()),
                    "", "");
        }
        for (FlipSummary f : summary.flips()) {
            line(want, summary.target(), f.participant(), "decision", "flip_share", String.valueOf(f.n()),
                    d(f.share()), "", d(f.shareLow()), d(f.shareHigh()), "", "");
            line(want, summary.target(), f.participant(), "decision", "flip_step_mean", estimate(f.step()), "", "");
            line(want, summary.target(), f.participant(), "decision", "flip_step_median", String.valueOf(f.flipped()),
                    d(f.medianStep()), "", "", "", "", "");
        }
        String got = read("summary.csv");
        assertEquals(want.toString(), got);
        assertTrue(got.contains(",\"ig(steps=8,baseline=\"\"zero\"\")\",error,"), "quoted spec, quote doubled");
        assertTrue(got.contains(",decision,flip_step_median,0,,,,,,\n"), "no flip: NaN median is an empty field");
        assertTrue(got.contains(",0.5,,-1.0E-300,0.3333333333333333,,\n"), "NaN sd empty, no rank: empty");
    }

    @Test
    void meanCurvesCsv() throws IOException {
        StringBuilder want = new StringBuilder("target,participant,order,curve,step,n,mean,sd,ci_low,ci_high\n");
        int rows = 0;
        for (PerturbationSummary.CurveSummary c : summary.curves()) {
            MeanCurve m = c.mean();
            for (int k = 0; k < m.mean().length; k++) {
                line(want, summary.target(), c.participant(), c.order().key(), c.curve().key(), String.valueOf(k),
                        String.valueOf(m.n()), d(m.mean()[k]), d(m.sd()[k]), d(m.lower()[k]), d(m.upper()[k]));
                rows++;
            }
        }
        assertTrue(rows >= 31, "the fixture has mean curves of 31 points");
        assertEquals(want.toString(), read("mean_curves.csv"));
    }

    @Test
    void rankingsCsv() throws IOException {
        StringBuilder want = new StringBuilder("target,curve,score,higher_is_better,n,friedman_statistic,friedman_df,"
                + "friedman_p,position,method,mean_rank,mean_score\n");
        for (FriedmanResult f : summary.rankings()) {
            List<Integer> order = f.ranking();
            for (int pos = 0; pos < order.size(); pos++) {
                int i = order.get(pos);
                line(want, summary.target(), f.key().curve().key(), f.key().score(), String.valueOf(f.higherIsBetter()),
                        String.valueOf(f.n()), d(f.statistic()), String.valueOf(f.df()), d(f.p()),
                        String.valueOf(pos + 1), f.methods().get(i), d(f.meanRanks()[i]), d(f.meanScores()[i]));
            }
        }
        assertTrue(summary.rankings().size() > 0);
        assertEquals(want.toString(), read("rankings.csv"));
    }

    @Test
    void pairwiseCsv() throws IOException {
        StringBuilder want = new StringBuilder("target,curve,score,method_a,method_b,n,mean_difference,"
                + "median_difference,wins_a,wins_b,statistic,p,p_holm\n");
        for (PairwiseTest t : summary.pairwise()) {
            line(want, summary.target(), t.key().curve().key(), t.key().score(), t.methodA(), t.methodB(),
                    String.valueOf(t.n()), d(t.meanDifference()), d(t.medianDifference()), String.valueOf(t.winsA()),
                    String.valueOf(t.winsB()), d(t.statistic()), d(t.p()), d(t.pHolm()));
        }
        assertTrue(summary.pairwise().size() > 0);
        assertEquals(want.toString(), read("pairwise.csv"));
    }

    @Test
    void randomGapTestsCsv() throws IOException {
        StringBuilder want = new StringBuilder("target,curve,method,n,mean_gap,median_gap,positive,statistic,p,"
                + "p_holm\n");
        for (ZeroTest t : summary.randomGapTests()) {
            line(want, summary.target(), t.key().curve().key(), t.method(), String.valueOf(t.n()), d(t.mean()),
                    d(t.median()), String.valueOf(t.positive()), d(t.statistic()), d(t.p()), d(t.pHolm()));
        }
        assertTrue(summary.randomGapTests().size() > 0);
        assertEquals(want.toString(), read("random_gap_tests.csv"));
    }

    @Test
    void recordsCsvAndPredictionCurves() throws IOException {
        RecordColumns columns = RecordColumns.of(ScoreLayout.of(EvaluationFixtures.CONFIG));
        List<RecordColumns.Column> cols = columns.columns();
        StringBuilder want = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (RecordColumns.Column c : cols) {
            if (c.type() != RecordColumns.Type.FLOAT_LIST) {
                header.add(c.name());
            }
        }
        line(want, (Object) header.toArray(String[]::new));
        List<String> predictions = new ArrayList<>();
        for (RecordEvaluation e : records) {
            for (Object[] row : columns.rows(e, null)) {
                List<String> fields = new ArrayList<>();
                for (int c = 0; c < cols.size(); c++) {
                    if (cols.get(c).type() != RecordColumns.Type.FLOAT_LIST) {
                        fields.add(value(row[c]));
                    }
                }
                line(want, (Object) fields.toArray(String[]::new));
            }
            List<MethodEvaluation> all = new ArrayList<>(e.methods());
            if (e.control() != null) {
                all.add(e.control());
            }
            for (MethodEvaluation m : all) {
                for (Map.Entry<Order, float[]> p : m.predictions().entrySet()) {
                    StringBuilder l = new StringBuilder(e.recordId() + "," + m.method() + "," + p.getKey().key()
                            + ",prediction");
                    for (float v : p.getValue()) {
                        l.append(',').append(Float.isNaN(v) ? "" : Float.toString(v));
                    }
                    predictions.add(l.toString());
                }
            }
        }
        assertEquals(want.toString(), read("records.csv"));
        String curves;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("curves.csv.gz")))) {
            curves = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> got = curves.lines().filter(l -> l.split(",", 5)[3].equals("prediction")).toList();
        assertEquals(predictions, got, "prediction rows, float32 shortest text, in record, method, order order");
    }

    @Test
    void componentsCsv() throws IOException {
        ComponentShares qt = ComponentShares.create(List.of("a", QUOTED));
        qt.accept("a", new double[] {0.1, 0.2, 0.3, 0.2, 0.1, 0.1});
        qt.accept("a", new double[] {0.0, 0.25, 0.25, 0.25, 0.25, 0.0});
        qt.accept(QUOTED, new double[] {1.0 / 3, 0, 0, 0, 1.0 / 3, 1.0 / 3});
        ComponentShares hr = ComponentShares.create(List.of("b"));
        Map<String, ComponentShares> byTarget = new LinkedHashMap<>();
        byTarget.put("qt", qt);
        byTarget.put("hr", hr);
        Path file = tmp.resolve("components.csv");
        ResultsWriter.writeComponents(file, byTarget);
        StringBuilder want = new StringBuilder("target,method,component,n,mean,sd,ci_low,ci_high\n");
        for (Map.Entry<String, ComponentShares> e : byTarget.entrySet()) {
            for (List<String> r : e.getValue().rows(e.getKey())) {
                line(want, (Object) r.toArray(String[]::new));
            }
        }
        String got = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(want.toString(), got);
        assertTrue(got.contains("\nhr,b,p,0,,,,\n"), "no shares: n = 0, NaN statistics empty");
        assertTrue(got.contains("\nqt,\"ig(steps=8,baseline=\"\"zero\"\")\",p,1,0.3333333333333333,,,\n"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "renamed");
        }
    }

    private static String read(String name) throws IOException {
        return new String(Files.readAllBytes(out.resolve(name)), StandardCharsets.UTF_8);
    }

    private static String[] estimate(Moments.Estimate e) {
        return new String[] {String.valueOf(e.n()), d(e.mean()), d(e.sd()), d(e.lower()), d(e.upper())};
    }

    /**
     * One CSV line: fields quoted (RFC 4180) when they hold a comma, quote or line break, the quote doubled; '\n'
     * end. A {@code String[]} argument stands for its fields in order.
     */
    private static void line(StringBuilder sb, Object... parts) {
        List<String> fields = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] a) {
                fields.addAll(List.of(a));
            } else {
                fields.add((String) p);
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r");
            sb.append(i > 0 ? "," : "").append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        sb.append('\n');
    }

    private static String value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double x) {
            return d(x);
        }
        if (v instanceof Float x) {
            return Float.isNaN(x) ? "" : Float.toString(x);
        }
        return v.toString();
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
