package org.heatbench.perturbation.eval;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;

/**
 * The faithfulness scores computed from one method's curves, in a fixed order for a configuration. Each is a
 * function of one curve kind's MoRF curve c (and the LeRF / random-order curves of the same kind):
 * <ul>
 *   <li>{@code auc_n} for each reported n: trapezoid area over curve points 0..n, unit spacing — the reference
 *       study's AUC-n ({@code np.trapz(curve[:n+1])});</li>
 *   <li>{@code auc}: the same over the whole curve 0..K;</li>
 *   <li>{@code aopc}: 1/(K+1) Σ_{k=0..K} (c_k − c_0), the area over the perturbation curve of Samek et al. 2017 for
 *       an error that grows as the prediction degrades;</li>
 *   <li>{@code lerf_auc} (when LeRF runs): {@code auc} of the LeRF curve — lower is better;</li>
 *   <li>{@code abpc} (when LeRF runs): area between the curves, auc(MoRF) − auc(LeRF);</li>
 *   <li>{@code random_gap} (when the random order runs): auc(MoRF) − auc(random-order control);</li>
 *   <li>{@code srg} (when LeRF runs; last, so the columns before it keep their positions): the symmetric relevance
 *       gain of Blücher et al. 2024 in regression form, (auc(MoRF) − auc(LeRF)) / (K · D) with D the largest change
 *       |c_k − c_0| on either curve — the area between the curves per step in units of the record's largest
 *       perturbation effect, in [−1, 1]; NaN when D = 0.</li>
 * </ul>
 * All but {@code lerf_auc} are "higher is more faithful". The random-order control itself gets {@code auc_n},
 * {@code auc} and {@code aopc} of its own curve and NaN elsewhere. Immutable.
 *
 * @param names score names in order
 * @param aucSteps the n of the {@code auc_n} scores, in order
 * @param lerf whether LeRF scores are present
 * @param random whether the random-gap score is present
 */
public record ScoreLayout(List<String> names, List<Integer> aucSteps, boolean lerf, boolean random)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public ScoreLayout {
        names = List.copyOf(names);
        aucSteps = List.copyOf(aucSteps);
    }

    /** The layout of a configuration. */
    public static ScoreLayout of(PerturbationConfig config) {
        List<String> names = new ArrayList<>();
        List<Integer> steps = config.reportedAucSteps();
        for (int n : steps) {
            names.add("auc_" + n);
        }
        names.add("auc");
        names.add("aopc");
        boolean lerf = config.runs(Order.LERF);
        boolean random = config.runs(Order.RANDOM);
        if (lerf) {
            names.add("lerf_auc");
            names.add("abpc");
        }
        if (random) {
            names.add("random_gap");
        }
        if (lerf) {
            names.add("srg");
        }
        return new ScoreLayout(names, steps, lerf, random);
    }

    /** @return the number of scores */
    public int size() {
        return names.size();
    }

    /** @return the position of a score name */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no score '" + name + "' in " + names);
        }
        return i;
    }

    /** @return whether a higher value of the score means a more faithful method */
    public static boolean higherIsBetter(String name) {
        return !name.equals("lerf_auc");
    }

    /**
     * Computes the scores of one method for one curve kind.
     *
     * @param morf the MoRF curve (all NaN when undefined, e.g. no truth)
     * @param lerf the LeRF curve, or null when not run
     * @param random the random-order control's curve, or null when not run
     */
    public double[] compute(double[] morf, double[] lerf, double[] random) {
        double[] s = new double[names.size()];
        int i = 0;
        for (int n : aucSteps) {
            s[i++] = trapezoid(morf, n);
        }
        int last = morf.length - 1;
        double auc = trapezoid(morf, last);
        s[i++] = auc;
        s[i++] = aopc(morf);
        if (this.lerf) {
            double lerfAuc = lerf == null ? Double.NaN : trapezoid(lerf, last);
            s[i++] = lerfAuc;
            s[i++] = auc - lerfAuc;
        }
        if (this.random) {
            s[i++] = random == null ? Double.NaN : auc - trapezoid(random, last);
        }
        if (this.lerf) {
            s[i++] = srg(morf, lerf);
        }
        return s;
    }

    /** Scores of the random-order control's own curve: {@code auc_n}, {@code auc}, {@code aopc}; NaN elsewhere. */
    public double[] computeControl(double[] random) {
        double[] s = new double[names.size()];
        java.util.Arrays.fill(s, Double.NaN);
        int i = 0;
        for (int n : aucSteps) {
            s[i++] = trapezoid(random, n);
        }
        s[i++] = trapezoid(random, random.length - 1);
        s[i] = aopc(random);
        return s;
    }

    /** Trapezoid rule over points 0..n with unit spacing: Σ_{j &lt; n} (c_j + c_{j+1}) / 2. */
    public static double trapezoid(double[] c, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += (c[j] + c[j + 1]) * 0.5;
        }
        return s;
    }

    /**
     * Symmetric relevance gain, regression form: (auc(MoRF) − auc(LeRF)) / (K · D), D = max_k max(|m_k − m_0|,
     * |l_k − l_0|); NaN when LeRF is missing, K = 0 or D = 0.
     */
    public static double srg(double[] morf, double[] lerf) {
        if (lerf == null || morf.length < 2) {
            return Double.NaN;
        }
        double d = 0;
        for (int k = 0; k < morf.length; k++) {
            d = Math.max(d, Math.max(Math.abs(morf[k] - morf[0]), Math.abs(lerf[k] - lerf[0])));
        }
        int last = morf.length - 1;
        return d > 0 ? (trapezoid(morf, last) - trapezoid(lerf, last)) / (last * d) : Double.NaN;
    }

    /** 1/(K+1) Σ_{k=0..K} (c_k − c_0). */
    public static double aopc(double[] c) {
        double s = 0;
        for (double v : c) {
            s += v - c[0];
        }
        return s / c.length;
    }
}
