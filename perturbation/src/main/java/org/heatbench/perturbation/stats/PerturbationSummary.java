package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.eval.CurveKind;

/**
 * The statistics of a perturbation run for one target: what {@link SummaryAccumulator#finish()} returns. Means,
 * curves, rankings and tests cover the <em>common set</em> — records on which every method (and the random-order
 * control) produced curves — so that methods are never averaged over different records; error-based entries cover
 * the common-set records that have a truth value. Everything left out is counted here and listed per record in the
 * run's record table. Immutable, value-comparable.
 *
 * @param target target key
 * @param methods canonical method specs, in output order
 * @param parameters the perturbation configuration ({@link org.heatbench.perturbation.PerturbationConfig#parameters()})
 * @param scoreNames score names ({@link org.heatbench.perturbation.eval.ScoreLayout})
 * @param curvePoints points per curve (steps + 1)
 * @param counts record counts
 * @param methodCounts per method (then the control, when run): outcome counts
 * @param problems examples of records with a non-OK outcome (at most 20, smallest ids), {@code id method: status: why}
 * @param missingTruth examples of records without a truth value (at most 20, smallest ids)
 * @param curves mean curves with 95% CI per participant, order and curve kind
 * @param scores mean scores with 95% CI per participant, curve kind and score
 * @param localization per method, relevance mass and rank accuracy against the ground-truth masks
 * @param rankings per tested score, Friedman's test and the methods' mean ranks
 * @param pairwise per tested score, Holm-corrected pairwise Wilcoxon tests
 * @param randomGapTests per curve kind with a {@code random_gap} score, one-sample Wilcoxon tests of the gap to the
 *     random-order control against 0, Holm-corrected over methods
 * @param flips per participant (methods, then the control), the decision flips of a classification target; empty for
 *     a regression target
 */
public record PerturbationSummary(String target, List<String> methods, Map<String, String> parameters,
        List<String> scoreNames, int curvePoints, Counts counts, List<MethodCounts> methodCounts,
        List<String> problems, List<String> missingTruth, List<CurveSummary> curves, List<ScoreSummary> scores,
        List<LocalizationSummary> localization, List<FriedmanResult> rankings, List<PairwiseTest> pairwise,
        List<ZeroTest> randomGapTests, List<FlipSummary> flips) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param records records accepted
     * @param withTruth records with a truth value
     * @param missingTruth records without one (curves without the error kinds; counted, not dropped)
     * @param commonSet records on which every method and the control produced curves
     * @param excluded records left out of the statistics because some method (or the whole record) failed
     * @param maskDefined records with a ground-truth relevance mask
     */
    public record Counts(long records, long withTruth, long missingTruth, long commonSet, long excluded,
            long maskDefined) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param method method (or {@code random_order})
     * @param statuses outcome key → records
     * @param constantAttribution records where every region scored the same (evaluated in region-number order)
     */
    public record MethodCounts(String method, Map<String, Long> statuses, long constantAttribution)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param participant method or {@code random_order}
     * @param order the perturbation order
     * @param curve the curve kind
     * @param mean the mean curve
     */
    public record CurveSummary(String participant, Order order, CurveKind curve, MeanCurve mean)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param participant method or {@code random_order}
     * @param key curve kind and score
     * @param estimate mean with 95% CI
     */
    public record ScoreSummary(String participant, ScoreKey key, Moments.Estimate estimate) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param method method
     * @param massAccuracy relevance mass accuracy
     * @param rankAccuracy relevance rank accuracy
     */
    public record LocalizationSummary(String method, Moments.Estimate massAccuracy, Moments.Estimate rankAccuracy)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
