package org.heatbench.perturbation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.heatbench.core.ConfigurationException;

/**
 * The three perturbation orders of the faithfulness literature (Samek et al. 2017, "Evaluating the visualization of
 * what a deep neural network has learned", IEEE TNNLS 28(11)):
 * <ul>
 *   <li>{@link #MORF}: most relevant first — highest score first, ties by region number (the reference study's
 *       "first index on ties");</li>
 *   <li>{@link #LERF}: least relevant first — lowest score first, ties by region number;</li>
 *   <li>{@link #RANDOM}: a uniformly random permutation drawn from the record's ordering stream, independent of the
 *       attribution: the control every method must beat.</li>
 * </ul>
 */
public enum Order implements RegionRanking {
    MORF {
        @Override
        public int[] order(double[] scores, UniformRandomProvider rng) {
            return sortedIndices(scores, true);
        }
    },
    LERF {
        @Override
        public int[] order(double[] scores, UniformRandomProvider rng) {
            return sortedIndices(scores, false);
        }
    },
    RANDOM {
        @Override
        public int[] order(double[] scores, UniformRandomProvider rng) {
            int[] idx = PermutationSampler.natural(scores.length);
            PermutationSampler.shuffle(rng, idx);
            return idx;
        }
    };

    @Override
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code morf}, {@code lerf}, {@code random}, case-insensitive.
     *
     * @throws ConfigurationException naming the accepted values
     */
    public static Order parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (Order o : values()) {
            if (o.key().equals(s)) {
                return o;
            }
        }
        throw new ConfigurationException("unknown perturbation order '" + text + "' (morf, lerf, random)");
    }

    /** Parses a comma-separated list of orders; duplicates are an error. */
    public static List<Order> parseList(String text) {
        List<Order> out = new ArrayList<>();
        for (String part : text.split(",")) {
            Order o = parse(part);
            if (out.contains(o)) {
                throw new ConfigurationException("perturbation order '" + o.key() + "' listed twice in '" + text + "'");
            }
            out.add(o);
        }
        return List.copyOf(out);
    }

    /**
     * Region numbers sorted by score (descending or ascending), ties by region number: a stable merge sort over
     * the identity permutation, comparing numerically (so −0.0 and 0.0 tie).
     */
    static int[] sortedIndices(double[] scores, boolean descending) {
        int n = scores.length;
        int[] a = PermutationSampler.natural(n);
        int[] tmp = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                merge(a, tmp, scores, lo, lo + width, Math.min(lo + 2 * width, n), descending);
            }
        }
        return a;
    }

    private static void merge(int[] a, int[] tmp, double[] s, int lo, int mid, int hi, boolean descending) {
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (i >= mid) {
                a[k] = tmp[j++];
            } else if (j >= hi) {
                a[k] = tmp[i++];
            } else {
                double si = s[tmp[i]];
                double sj = s[tmp[j]];
                // take from the right run only when strictly before: keeps ties in region-number order
                boolean right = descending ? sj > si : sj < si;
                a[k] = right ? tmp[j++] : tmp[i++];
            }
        }
    }
}
