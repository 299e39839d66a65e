package org.heatbench.perturbation.io;

import static org.heatbench.perturbation.io.CsvFields.num;
import static org.heatbench.perturbation.io.CsvFields.text;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.heatbench.perturbation.stats.FlipSummary;
import org.heatbench.perturbation.stats.FriedmanResult;
import org.heatbench.perturbation.stats.MeanCurve;
import org.heatbench.perturbation.stats.Moments;
import org.heatbench.perturbation.stats.PairwiseTest;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.ZeroTest;

/**
 * Writes the CSV tables of one target's {@link PerturbationSummary} (docs/PERTURBATION.md, "Output files"), each a
 * header line and then one line per value, in the summary's order:
 * <ul>
 *   <li>{@code summary.csv} — {@code target,participant,curve,score,n,mean,sd,ci_low,ci_high,mean_rank,position}:
 *       per participant and score the mean with its SD and Student-t 95% CI, the Friedman mean rank (1 = best) and
 *       1-based position among the methods (empty for a participant outside the ranking, e.g. the control); then
 *       per method curve {@code localization}, scores {@code mass_accuracy} and {@code rank_accuracy} (no rank); then,
 *       for a class, per participant curve {@code decision}: {@code flip_share} (mean = share of records flipped,
 *       CI = Wilson, no SD), {@code flip_step_mean} (steps, Student-t CI) and {@code flip_step_median} (n = records
 *       flipped, no SD or CI);</li>
 *   <li>{@code mean_curves.csv} — {@code target,participant,order,curve,step,n,mean,sd,ci_low,ci_high}: long format,
 *       one line per point k = 0..K of each mean curve;</li>
 *   <li>{@code rankings.csv} — {@code target,curve,score,higher_is_better,n,friedman_statistic,friedman_df,friedman_p,
 *       position,method,mean_rank,mean_score}: per score its Friedman test repeated on each line, the methods best
 *       first;</li>
 *   <li>{@code pairwise.csv} — {@code target,curve,score,method_a,method_b,n,mean_difference,median_difference,wins_a,
 *       wins_b,statistic,p,p_holm}: every Wilcoxon signed-rank pair (statistic W+, two-sided p, Holm over pairs);</li>
 *   <li>{@code random_gap_tests.csv} — {@code target,curve,method,n,mean_gap,median_gap,positive,statistic,p,p_holm}:
 *       per curve kind and method the one-sample Wilcoxon test of the gap to the random-order control against 0.</li>
 * </ul>
 * Values are in the units of their score or curve (the target's unit for error and change curves and AUCs; the
 * documented range for normalized scores; steps for flip steps; docs/PERTURBATION.md), counts are integers. An
 * undefined value (NaN: an SD or CI from fewer than two values, a test without pairs) is an empty field, numbers use
 * Java's shortest round-trip text and method specs holding a comma are quoted ({@link CsvFields}). UTF-8, '\n' line
 * ends.
 * The caller chooses each file's path (a {@code .partial} name that it renames when all are complete); an existing
 * file there is replaced. Stateless, thread-safe for different directories.
 */
final class SummaryTables {
    private SummaryTables() {
    }

    /**
     * Writes the five tables.
     *
     * @param fileFor file name (e.g. {@code summary.csv}) → the path to write it to
     */
    static void write(PerturbationSummary s, Function<String, Path> fileFor) throws IOException {
        writeSummary(s, fileFor.apply("summary.csv"));
        writeMeanCurves(s, fileFor.apply("mean_curves.csv"));
        writeRankings(s, fileFor.apply("rankings.csv"));
        writePairwise(s, fileFor.apply("pairwise.csv"));
        writeRandomGapTests(s, fileFor.apply("random_gap_tests.csv"));
    }

    private static void writeSummary(PerturbationSummary s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("target,participant,curve,score,n,mean,sd,ci_low,ci_high,mean_rank,position\n");
            for (PerturbationSummary.ScoreSummary ss : s.scores()) {
                String rank = "";
                String pos = "";
                for (FriedmanResult f : s.rankings()) {
                    int i = f.methods().indexOf(ss.participant());
                    if (f.key().equals(ss.key()) && i >= 0) {
                        rank = num(f.meanRanks()[i]);
                        pos = Integer.toString(f.ranking().indexOf(i) + 1);
                    }
                }
                Moments.Estimate e = ss.estimate();
                w.write(String.join(",", text(s.target()), text(ss.participant()), ss.key().curve().key(),
                        ss.key().score(), Long.toString(e.n()), num(e.mean()), num(e.sd()), num(e.lower()),
                        num(e.upper()), rank, pos));
                w.write('\n');
            }
            for (PerturbationSummary.LocalizationSummary l : s.localization()) {
                for (int k = 0; k < 2; k++) {
                    Moments.Estimate e = k == 0 ? l.massAccuracy() : l.rankAccuracy();
                    w.write(String.join(",", text(s.target()), text(l.method()), "localization",
                            k == 0 ? "mass_accuracy" : "rank_accuracy", Long.toString(e.n()), num(e.mean()),
                            num(e.sd()), num(e.lower()), num(e.upper()), "", ""));
                    w.write('\n');
                }
            }
            for (FlipSummary f : s.flips()) {
                // curve "decision": the share with its Wilson interval, the flip step's mean (t interval) and median
                w.write(String.join(",", text(s.target()), text(f.participant()), "decision", "flip_share",
                        Long.toString(f.n()), num(f.share()), "", num(f.shareLow()), num(f.shareHigh()), "", ""));
                w.write('\n');
                Moments.Estimate e = f.step();
                w.write(String.join(",", text(s.target()), text(f.participant()), "decision", "flip_step_mean",
                        Long.toString(e.n()), num(e.mean()), num(e.sd()), num(e.lower()), num(e.upper()), "", ""));
                w.write('\n');
                w.write(String.join(",", text(s.target()), text(f.participant()), "decision", "flip_step_median",
                        Long.toString(f.flipped()), num(f.medianStep()), "", "", "", "", ""));
                w.write('\n');
            }
        }
    }

    private static void writeMeanCurves(PerturbationSummary s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("target,participant,order,curve,step,n,mean,sd,ci_low,ci_high\n");
            for (PerturbationSummary.CurveSummary cs : s.curves()) {
                MeanCurve m = cs.mean();
                for (int k = 0; k < m.mean().length; k++) {
                    w.write(String.join(",", text(s.target()), text(cs.participant()), cs.order().key(),
                            cs.curve().key(), Integer.toString(k), Long.toString(m.n()), num(m.mean()[k]),
                            num(m.sd()[k]), num(m.lower()[k]), num(m.upper()[k])));
                    w.write('\n');
                }
            }
        }
    }

    private static void writeRankings(PerturbationSummary s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("target,curve,score,higher_is_better,n,friedman_statistic,friedman_df,friedman_p,position,method,"
                    + "mean_rank,mean_score\n");
            for (FriedmanResult f : s.rankings()) {
                int pos = 1;
                for (int i : f.ranking()) {
                    w.write(String.join(",", text(s.target()), f.key().curve().key(), f.key().score(),
                            Boolean.toString(f.higherIsBetter()), Integer.toString(f.n()), num(f.statistic()),
                            Integer.toString(f.df()), num(f.p()), Integer.toString(pos++), text(f.methods().get(i)),
                            num(f.meanRanks()[i]), num(f.meanScores()[i])));
                    w.write('\n');
                }
            }
        }
    }

    private static void writePairwise(PerturbationSummary s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("target,curve,score,method_a,method_b,n,mean_difference,median_difference,wins_a,wins_b,"
                    + "statistic,p,p_holm\n");
            for (PairwiseTest t : s.pairwise()) {
                w.write(String.join(",", text(s.target()), t.key().curve().key(), t.key().score(), text(t.methodA()),
                        text(t.methodB()), Integer.toString(t.n()), num(t.meanDifference()),
                        num(t.medianDifference()), Integer.toString(t.winsA()), Integer.toString(t.winsB()),
                        num(t.statistic()), num(t.p()), num(t.pHolm())));
                w.write('\n');
            }
        }
    }

    private static void writeRandomGapTests(PerturbationSummary s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("target,curve,method,n,mean_gap,median_gap,positive,statistic,p,p_holm\n");
            for (ZeroTest t : s.randomGapTests()) {
                w.write(String.join(",", text(s.target()), t.key().curve().key(), text(t.method()),
                        Integer.toString(t.n()), num(t.mean()), num(t.median()), Integer.toString(t.positive()),
                        num(t.statistic()), num(t.p()), num(t.pHolm())));
                w.write('\n');
            }
        }
    }
}
