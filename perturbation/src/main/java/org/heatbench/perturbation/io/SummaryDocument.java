package org.heatbench.perturbation.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.stats.FlipSummary;
import org.heatbench.perturbation.stats.FriedmanResult;
import org.heatbench.perturbation.stats.Moments;
import org.heatbench.perturbation.stats.PairwiseTest;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.ZeroTest;

/**
 * The content of a perturbation run's {@code summary.json} (docs/PERTURBATION.md, "Output"), format
 * {@value SummaryFile#FORMAT} version {@value SummaryFile#VERSION}: what {@link SummaryFile} writes and reads, and
 * nothing else writes it. JSON names are the components' names in snake case ({@code formatVersion} is
 * {@code format_version}); the order of the components is the order in the file. A number that is not finite (NaN:
 * no value, e.g. the CI of fewer than two records) is {@code null} in JSON and NaN here. Every field is required when
 * reading except {@code decision_flips}, which is written only for a classifier's class. Immutable, value-comparable
 * (curves and histograms are lists, so that a written and read-back document equals the original).
 *
 * @param format always {@value SummaryFile#FORMAT}
 * @param formatVersion always {@value SummaryFile#VERSION}
 * @param provenance what produced the results (tool, versions, model and hash, methods, dataset and slice, seed,
 *     execution, ...): free-form plain JSON values (strings, numbers, booleans, lists, maps, null), held as JSON reads
 *     them back (an integral number as Integer where it fits, else Long; NaN as null)
 * @param target target key
 * @param methods canonical method specs, in output order
 * @param parameters the perturbation configuration, parameter → value
 * @param scoreNames score names of every curve kind
 * @param curvePoints points per curve (steps + 1)
 * @param counts record counts
 * @param methodOutcomes per method (then the control, when run): outcome counts
 * @param problemExamples examples of records with a non-OK outcome
 * @param missingTruthExamples examples of records without a truth value
 * @param scores mean score with 95% CI per participant, curve kind and score
 * @param localization per method, relevance mass and rank accuracy against the ground-truth masks
 * @param rankings per tested score, Friedman's test and the methods in rank order
 * @param pairwiseWilcoxon per tested score, the Holm-corrected pairwise Wilcoxon tests
 * @param randomGapTests per curve kind and method, the test of the gap to the random-order control against 0
 * @param decisionFlips per participant, a class's decision flips; empty (absent in the file) for a regression target
 * @param meanCurves mean curve with 95% CI per participant, order and curve kind
 */
public record SummaryDocument(String format, int formatVersion, Map<String, Object> provenance, String target,
        List<String> methods, Map<String, String> parameters, List<String> scoreNames, int curvePoints,
        PerturbationSummary.Counts counts, List<PerturbationSummary.MethodCounts> methodOutcomes,
        List<String> problemExamples, List<String> missingTruthExamples, List<Score> scores,
        List<Localization> localization, List<Ranking> rankings, List<Pairwise> pairwiseWilcoxon,
        List<RandomGap> randomGapTests, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Flips> decisionFlips,
        List<Curve> meanCurves) {

    /**
     * Holds the lists and maps unmodifiable (in their order), a missing {@code decision_flips} as empty and the
     * provenance as JSON reads it back.
     */
    public SummaryDocument {
        provenance = SummaryFile.canonical(provenance);
        methods = List.copyOf(methods);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        scoreNames = List.copyOf(scoreNames);
        methodOutcomes = List.copyOf(methodOutcomes);
        problemExamples = List.copyOf(problemExamples);
        missingTruthExamples = List.copyOf(missingTruthExamples);
        scores = List.copyOf(scores);
        localization = List.copyOf(localization);
        rankings = List.copyOf(rankings);
        pairwiseWilcoxon = List.copyOf(pairwiseWilcoxon);
        randomGapTests = List.copyOf(randomGapTests);
        decisionFlips = decisionFlips == null ? List.of() : List.copyOf(decisionFlips);
        meanCurves = List.copyOf(meanCurves);
    }

    /**
     * The document of a run's statistics.
     *
     * @param provenance plain JSON values (see the record's contract), in output order
     */
    public static SummaryDocument of(PerturbationSummary s, Map<String, Object> provenance) {
        List<Score> scores = s.scores().stream().map(x -> new Score(x.participant(), x.key().curve().key(),
                x.key().score(), x.estimate().n(), x.estimate().mean(), x.estimate().sd(), x.estimate().lower(),
                x.estimate().upper())).toList();
        List<Localization> localization = s.localization().stream().map(l -> new Localization(l.method(),
                Estimate.of(l.massAccuracy()), Estimate.of(l.rankAccuracy()))).toList();
        List<Pairwise> pairwise = s.pairwise().stream().map(Pairwise::of).toList();
        List<RandomGap> gaps = s.randomGapTests().stream().map(RandomGap::of).toList();
        List<Flips> flips = s.flips().stream().map(Flips::of).toList();
        List<Curve> curves = s.curves().stream().map(c -> new Curve(c.participant(), c.order().key(),
                c.curve().key(), c.mean().n(), list(c.mean().mean()), list(c.mean().lower()),
                list(c.mean().upper()))).toList();
        return new SummaryDocument(SummaryFile.FORMAT, SummaryFile.VERSION, provenance, s.target(), s.methods(),
                s.parameters(), s.scoreNames(), s.curvePoints(), s.counts(), s.methodCounts(), s.problems(),
                s.missingTruth(), scores, localization, s.rankings().stream().map(Ranking::of).toList(), pairwise,
                gaps, flips, curves);
    }

    private static List<Double> list(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return List.copyOf(out);
    }

    /**
     * A mean with its uncertainty ({@link Moments.Estimate}).
     *
     * @param n values
     * @param mean mean
     * @param sd sample standard deviation
     * @param ciLow lower bound of the 95% CI of the mean
     * @param ciHigh upper bound
     */
    public record Estimate(long n, double mean, double sd, double ciLow, double ciHigh) {
        static Estimate of(Moments.Estimate e) {
            return new Estimate(e.n(), e.mean(), e.sd(), e.lower(), e.upper());
        }
    }

    /**
     * A mean score: the fields of an {@link Estimate} inline.
     *
     * @param participant method or {@code random_order}
     * @param curve curve kind key
     * @param score score name
     * @param n records
     * @param mean mean
     * @param sd sample standard deviation
     * @param ciLow lower bound of the 95% CI
     * @param ciHigh upper bound
     */
    public record Score(String participant, String curve, String score, long n, double mean, double sd, double ciLow,
            double ciHigh) {
    }

    /**
     * @param method method
     * @param massAccuracy relevance mass accuracy
     * @param rankAccuracy relevance rank accuracy
     */
    public record Localization(String method, Estimate massAccuracy, Estimate rankAccuracy) {
    }

    /**
     * Friedman's test of one score ({@link FriedmanResult}).
     *
     * @param curve curve kind key
     * @param score score name
     * @param higherIsBetter whether a higher score ranks first
     * @param n records (blocks)
     * @param friedmanDf degrees of freedom
     * @param friedmanStatistic chi-squared statistic
     * @param friedmanP p-value
     * @param ranking the methods, best first
     */
    public record Ranking(String curve, String score, boolean higherIsBetter, int n, int friedmanDf,
            double friedmanStatistic, double friedmanP, List<Place> ranking) {
        public Ranking {
            ranking = List.copyOf(ranking);
        }

        static Ranking of(FriedmanResult f) {
            List<Place> places = new ArrayList<>();
            for (int i : f.ranking()) {
                places.add(new Place(places.size() + 1, f.methods().get(i), f.meanRanks()[i], f.meanScores()[i]));
            }
            return new Ranking(f.key().curve().key(), f.key().score(), f.higherIsBetter(), f.n(), f.df(),
                    f.statistic(), f.p(), places);
        }
    }

    /**
     * @param position 1 for the best
     * @param method method
     * @param meanRank mean rank over the records
     * @param meanScore mean score over the records
     */
    public record Place(int position, String method, double meanRank, double meanScore) {
    }

    /**
     * A Holm-corrected pairwise Wilcoxon signed-rank test ({@link PairwiseTest}).
     *
     * @param curve curve kind key
     * @param score score name
     * @param methodA first method
     * @param methodB second method
     * @param n records
     * @param meanDifference mean of a − b
     * @param medianDifference median of a − b
     * @param winsA records where a scores better
     * @param winsB records where b scores better
     * @param statistic W+
     * @param p p-value
     * @param pHolm Holm-corrected p-value
     */
    public record Pairwise(String curve, String score, String methodA, String methodB, int n, double meanDifference,
            double medianDifference, int winsA, int winsB, double statistic, double p, double pHolm) {
        static Pairwise of(PairwiseTest t) {
            return new Pairwise(t.key().curve().key(), t.key().score(), t.methodA(), t.methodB(), t.n(),
                    t.meanDifference(), t.medianDifference(), t.winsA(), t.winsB(), t.statistic(), t.p(), t.pHolm());
        }
    }

    /**
     * The one-sample Wilcoxon test of a method's gap to the random-order control against 0 ({@link ZeroTest}).
     *
     * @param curve curve kind key
     * @param method method
     * @param n records
     * @param meanGap mean gap
     * @param medianGap median gap
     * @param positive records with a positive gap
     * @param statistic W+
     * @param p p-value
     * @param pHolm Holm-corrected p-value (over methods)
     */
    public record RandomGap(String curve, String method, int n, double meanGap, double medianGap, int positive,
            double statistic, double p, double pHolm) {
        static RandomGap of(ZeroTest t) {
            return new RandomGap(t.key().curve().key(), t.method(), t.n(), t.mean(), t.median(), t.positive(),
                    t.statistic(), t.p(), t.pHolm());
        }
    }

    /**
     * A participant's decision flips ({@link FlipSummary}).
     *
     * @param participant method or {@code random_order}
     * @param n records with a decision
     * @param flipped records whose decision flipped
     * @param share flipped / n
     * @param shareCiLow lower bound of the share's 95% Wilson interval
     * @param shareCiHigh upper bound
     * @param step the mean flip step with its t interval
     * @param medianStep median flip step
     * @param histogram flipped records per step
     */
    public record Flips(String participant, long n, long flipped, double share, double shareCiLow,
            double shareCiHigh, Estimate step, double medianStep, List<Long> histogram) {
        public Flips {
            histogram = List.copyOf(histogram);
        }

        static Flips of(FlipSummary f) {
            return new Flips(f.participant(), f.n(), f.flipped(), f.share(), f.shareLow(), f.shareHigh(),
                    Estimate.of(f.step()), f.medianStep(), Arrays.stream(f.histogram()).boxed().toList());
        }
    }

    /**
     * A mean curve with its 95% CI.
     *
     * @param participant method or {@code random_order}
     * @param order perturbation order key
     * @param curve curve kind key
     * @param n records
     * @param mean mean per step (curve points)
     * @param ciLow lower bound per step
     * @param ciHigh upper bound per step
     */
    public record Curve(String participant, String order, String curve, long n, List<Double> mean, List<Double> ciLow,
            List<Double> ciHigh) {
        public Curve {
            mean = List.copyOf(mean);
            ciLow = List.copyOf(ciLow);
            ciHigh = List.copyOf(ciHigh);
        }
    }
}
