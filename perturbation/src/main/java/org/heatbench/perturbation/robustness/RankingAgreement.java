package org.heatbench.perturbation.robustness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.stats.KendallW;

/**
 * How far the rankings of the same methods under several settings agree.
 *
 * <ul>
 *   <li>Kendall's W over the settings (each setting ranks the methods by their mean rank), with its 95% bootstrap
 *       interval over settings ({@link KendallW});</li>
 *   <li>the ordered pairs (a, b) with a ranked strictly above b (lower mean rank) in <em>every</em> setting — the
 *       robust conclusions — and their share of all method pairs; a pair tied or reversed in any setting is not
 *       robust.</li>
 * </ul>
 *
 * @param methods the methods, in input order
 * @param settings setting names, in input order
 * @param w Kendall's W with interval
 * @param robustPairs pairs {better, worse} holding in every setting, ordered by the first setting's positions
 * @param pairs the number of unordered method pairs, k(k − 1)/2
 */
public record RankingAgreement(List<String> methods, List<String> settings, KendallW.Result w,
        List<List<String>> robustPairs, int pairs) {

    /** @return the share of method pairs whose order holds in every setting */
    public double robustShare() {
        return pairs == 0 ? Double.NaN : robustPairs.size() / (double) pairs;
    }

    /**
     * @param meanRanks setting name → mean rank per method (1 = best; NaN not allowed), insertion order kept
     * @param replicates bootstrap replicates of W's interval
     * @param seed seeds the bootstrap
     */
    public static RankingAgreement of(List<String> methods, Map<String, double[]> meanRanks, int replicates,
            long seed) {
        if (meanRanks.isEmpty()) {
            throw new IllegalArgumentException("no settings");
        }
        KendallW w = KendallW.create(methods.size());
        meanRanks.forEach(w::accept);
        List<double[]> rows = new ArrayList<>(meanRanks.values());
        double[] first = rows.get(0);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(first[a], first[b]));
        List<List<String>> robust = new ArrayList<>();
        for (int x = 0; x < order.size(); x++) {
            for (int y = x + 1; y < order.size(); y++) {
                int a = order.get(x);
                int b = order.get(y);
                boolean holds = true;
                for (double[] r : rows) {
                    holds &= r[a] < r[b];
                }
                if (holds) {
                    robust.add(List.of(methods.get(a), methods.get(b)));
                }
            }
        }
        int k = methods.size();
        return new RankingAgreement(List.copyOf(methods), List.copyOf(new LinkedHashMap<>(meanRanks).keySet()),
                w.finish(replicates, seed), robust, k * (k - 1) / 2);
    }
}
