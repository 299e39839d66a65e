package org.heatbench.results.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.TDistribution;
import org.heatbench.perturbation.stats.KendallW;
import org.heatbench.perturbation.stats.KrippendorffAlpha;

/**
 * Agreement of the experts' ratings of one target and their relation to the perturbation ranking.
 *
 * <ul>
 *   <li>Krippendorff's α, interval and ordinal, units = (record, method) panels, with 95% bootstrap intervals over
 *       panels ({@link KrippendorffAlpha}; 2000 replicates, seed 1);</li>
 *   <li>Kendall's W of the raters' method rankings (each rater's mean score per method over the records; raters who
 *       did not score every method are left out and counted);</li>
 *   <li>each method's expert score: the mean over panels of the panel's mean score, with a 95% Student-t interval
 *       over panels; the number of "best" picks;</li>
 *   <li>Spearman's ρ between the methods' expert scores and the perturbation ranking (minus the Friedman mean rank),
 *       over the methods present in both: positive when experts and perturbation agree.</li>
 * </ul>
 *
 * @param raters raters with a rating of this target
 * @param ratings ratings
 * @param interval α (interval metric)
 * @param ordinal α (ordinal metric)
 * @param w Kendall's W over the raters who scored every method (null with fewer than two)
 * @param ratersLeftOut raters left out of W
 * @param methods per method: its expert score
 * @param rhoWithPerturbation Spearman ρ, NaN when fewer than 3 methods are in both
 */
public record ExpertAgreement(int raters, int ratings, KrippendorffAlpha.Result interval,
        KrippendorffAlpha.Result ordinal, KendallW.Result w, int ratersLeftOut, List<MethodScore> methods,
        double rhoWithPerturbation) {

    /** A method's expert score. */
    public record MethodScore(String method, int panels, double mean, double lower, double upper, int bestPicks) {
    }

    /**
     * @param ratings the ratings of one target
     * @param perturbationMeanRanks method → Friedman mean rank (1 = best) of the report's primary score
     */
    public static ExpertAgreement of(List<ExpertRatings.Rating> ratings, List<String> methodOrder,
            Map<String, Double> perturbationMeanRanks) {
        KrippendorffAlpha alpha = KrippendorffAlpha.create();
        TreeMap<String, TreeMap<String, List<Integer>>> byRater = new TreeMap<>();
        TreeMap<String, List<Integer>> byPanel = new TreeMap<>();
        Map<String, Integer> best = new LinkedHashMap<>();
        for (ExpertRatings.Rating r : ratings) {
            String unit = r.record() + "\u0000" + r.method();
            alpha.accept(unit, r.rater(), r.score());
            byRater.computeIfAbsent(r.rater(), k -> new TreeMap<>()).computeIfAbsent(r.method(), k -> new ArrayList<>())
                    .add(r.score());
            byPanel.computeIfAbsent(unit, k -> new ArrayList<>()).add(r.score());
            if (r.best()) {
                best.merge(r.method(), 1, Integer::sum);
            }
        }
        TreeSet<String> rated = new TreeSet<>();
        ratings.forEach(r -> rated.add(r.method()));
        List<String> methods = new ArrayList<>();
        methodOrder.stream().filter(rated::contains).forEach(methods::add);
        rated.stream().filter(m -> !methods.contains(m)).forEach(methods::add);
        KendallW.Result w = null;
        int left = 0;
        if (methods.size() >= 2) {
            KendallW kw = KendallW.create(methods.size());
            for (Map.Entry<String, TreeMap<String, List<Integer>>> e : byRater.entrySet()) {
                if (!e.getValue().keySet().containsAll(methods)) {
                    left++;
                    continue;
                }
                double[] s = new double[methods.size()];
                for (int j = 0; j < s.length; j++) {
                    s[j] = e.getValue().get(methods.get(j)).stream().mapToInt(Integer::intValue).average().orElseThrow();
                }
                kw.accept(e.getKey(), s);
            }
            w = kw.size() >= 2 ? kw.finish(2000, 1) : null;
        }
        List<MethodScore> scores = new ArrayList<>();
        for (String m : methods) {
            List<Double> panelMeans = new ArrayList<>();
            byPanel.forEach((unit, v) -> {
                if (unit.endsWith("\u0000" + m)) {
                    panelMeans.add(v.stream().mapToInt(Integer::intValue).average().orElseThrow());
                }
            });
            int n = panelMeans.size();
            double mean = panelMeans.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double half = Double.NaN;
            if (n >= 2) {
                double ss = panelMeans.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
                half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(ss / (n - 1) / n);
            }
            scores.add(new MethodScore(m, n, mean, mean - half, mean + half, best.getOrDefault(m, 0)));
        }
        List<double[]> both = new ArrayList<>();
        for (MethodScore s : scores) {
            Double rank = perturbationMeanRanks.get(s.method());
            if (rank != null && !rank.isNaN() && !Double.isNaN(s.mean())) {
                both.add(new double[] {s.mean(), -rank});
            }
        }
        double rho = Double.NaN;
        if (both.size() >= 3) {
            rho = spearman(both);
        }
        return new ExpertAgreement(byRater.size(), ratings.size(), alpha.finish(KrippendorffAlpha.Metric.INTERVAL,
                2000, 1), alpha.finish(KrippendorffAlpha.Metric.ORDINAL, 2000, 1), w, left, scores, rho);
    }

    static double spearman(List<double[]> pairs) {
        int n = pairs.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pairs.get(i)[0];
            y[i] = pairs.get(i)[1];
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = (n + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (rx[i] - mx) * (ry[i] - mx);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - mx) * (ry[i] - mx);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double less = 0;
            double equal = 0;
            for (double u : v) {
                less += u < v[i] ? 1 : 0;
                equal += u == v[i] ? 1 : 0;
            }
            r[i] = less + (equal + 1) / 2;
        }
        return r;
    }
}
