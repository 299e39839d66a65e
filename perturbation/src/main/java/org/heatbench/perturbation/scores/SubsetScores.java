package org.heatbench.perturbation.scores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.heatbench.core.ConfigurationException;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.perturbation.SubsetPerturbation;
import org.heatbench.perturbation.eval.ModelScorer;

/**
 * Faithfulness correlation and monotonicity of every method's attribution of one record.
 *
 * <ul>
 *   <li><b>Faithfulness correlation</b> (Bhatt, Weller &amp; Moura 2020, IJCAI, "Evaluating and aggregating
 *       feature-based model explanations"): T random subsets S_t of {@code subset} regions each (uniform without
 *       replacement; the same subsets for every method of a record); Δ_t = f(x) − f(x with S_t perturbed);
 *       score = Pearson(Σ_{i∈S_t} a_i, Δ_t) over t, with the signed attribution (Quantus's default). 1 = the
 *       attribution's sums predict the prediction changes linearly.</li>
 *   <li><b>Monotonicity</b> (Nguyen &amp; Martínez 2020, "On quantitative aspects of model interpretability"):
 *       Spearman rank correlation, over the regions r of the monotonicity scheme, between |A_r| (the region's summed
 *       |a|) and |f(x) − f(x with only r perturbed)|. 1 = the regions the map calls more relevant change the
 *       prediction more when perturbed alone.</li>
 * </ul>
 * Both are NaN when a side has no variation (e.g. an all-zero map) or a prediction is non-finite. Model evaluations
 * per record: T + 1 + (monotonicity regions), shared by all methods. Random draws come from
 * {@code StreamKey(seed, record, target).stream("subset_scores", purpose)}: results do not depend on batching. Not
 * thread-safe (one scorer).
 *
 * @param scheme regions of the faithfulness-correlation subsets
 * @param monotonicityScheme regions of the monotonicity test (coarser than points keeps it cheap)
 * @param function how a region is perturbed
 * @param subsets T
 * @param subset regions per subset
 */
public record SubsetScores(RegionScheme scheme, RegionScheme monotonicityScheme, PerturbationFunction function,
        int subsets, int subset) {

    /** Score names, in output order. */
    public static final List<String> NAMES = List.of("faithfulness_correlation", "monotonicity");

    public SubsetScores {
        if (subsets < 3 || subset < 1) {
            throw new ConfigurationException("faithfulness correlation needs at least 3 subsets of at least 1 region, "
                    + "got " + subsets + " of " + subset);
        }
    }

    /**
     * The scores of one record.
     *
     * @param clean [leads, samples]
     * @param attributions canonical method name → attribution [leads, samples]
     * @return method → {faithfulness_correlation, monotonicity}
     */
    public Map<String, double[]> score(ModelScorer model, float[] clean, Map<String, float[]> attributions,
            StreamKey key) {
        int leads = model.leads();
        int samples = model.samples();
        int regions = scheme.count(leads, samples);
        if (subset > regions) {
            throw new ConfigurationException("faithfulness correlation subsets of " + subset + " regions, but a record "
                    + "has only " + regions + " " + scheme.canonical() + " regions");
        }
        UniformRandomProvider pick = key.stream("subset_scores", "subsets");
        List<List<Integer>> sets = new ArrayList<>();
        for (int t = 0; t < subsets; t++) {
            int[] s = PermutationSampler.natural(regions);
            PermutationSampler.shuffle(pick, s);
            List<Integer> set = new ArrayList<>();
            for (int i = 0; i < subset; i++) {
                set.add(s[i]);
            }
            sets.add(set);
        }
        int mono = monotonicityScheme.count(leads, samples);
        return score(model, clean, attributions, sets, mono, key);
    }

    /** The same with given subsets (tests). */
    Map<String, double[]> score(ModelScorer model, float[] clean, Map<String, float[]> attributions,
            List<List<Integer>> sets, int monoRegions, StreamKey key) {
        int leads = model.leads();
        int samples = model.samples();
        int item = leads * samples;
        int rows = 1 + sets.size() + monoRegions;
        float[] x = new float[Math.max(2, rows) * item];
        System.arraycopy(clean, 0, x, 0, item);
        UniformRandomProvider noise = key.stream("subset_scores", "noise");
        for (int t = 0; t < sets.size(); t++) {
            SubsetPerturbation.apply(clean, leads, samples, scheme, function, sets.get(t), noise, x, (1 + t) * item);
        }
        for (int r = 0; r < monoRegions; r++) {
            SubsetPerturbation.apply(clean, leads, samples, monotonicityScheme, function, List.of(r), noise, x,
                    (1 + sets.size() + r) * item);
        }
        if (rows < 2) {
            System.arraycopy(clean, 0, x, item, item);
        }
        float[] y = model.predict(x, Math.max(2, rows));
        double[] delta = new double[sets.size()];
        boolean finite = Float.isFinite(y[0]);
        for (int t = 0; t < delta.length; t++) {
            delta[t] = (double) y[0] - y[1 + t];
            finite &= Double.isFinite(delta[t]);
        }
        double[] effect = new double[monoRegions];
        for (int r = 0; r < monoRegions; r++) {
            effect[r] = Math.abs((double) y[0] - y[1 + sets.size() + r]);
            finite &= Double.isFinite(effect[r]);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : attributions.entrySet()) {
            float[] a = e.getValue();
            double[] signed = new double[item];
            double[] abs = new double[item];
            for (int i = 0; i < item; i++) {
                signed[i] = a[i];
                abs[i] = Math.abs((double) a[i]);
            }
            double[] regionSums = scheme.scores(signed, leads, samples);
            double[] sums = new double[sets.size()];
            for (int t = 0; t < sums.length; t++) {
                for (int i : sets.get(t)) {
                    sums[t] += regionSums[i];
                }
            }
            double fc = finite ? Correlation.pearson(sums, delta) : Double.NaN;
            double mo = finite && monoRegions > 1
                    ? Correlation.spearman(monotonicityScheme.scores(abs, leads, samples), effect) : Double.NaN;
            out.put(e.getKey(), new double[] {fc, mo});
        }
        return out;
    }
}
