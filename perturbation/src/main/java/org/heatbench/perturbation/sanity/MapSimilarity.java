package org.heatbench.perturbation.sanity;

import java.util.Arrays;
import org.heatbench.perturbation.stats.RankMath;

/**
 * Similarity of two attribution maps of one record, layout {@code [leads, samples]} flattened lead-major. All
 * measures compare |a| (the sign of a map flips with a randomised output layer, which says nothing about what it
 * looks at; Adebayo et al. 2018 report the absolute-value rank correlation for the same reason). Two bitwise equal
 * maps have similarity 1 under every measure (also when constant); NaN values are the caller's to exclude.
 */
public enum MapSimilarity {
    /** Spearman rank correlation of |a| and |b| (average ranks for ties); 0 if exactly one of them is constant. */
    SPEARMAN_ABS("spearman_abs") {
        @Override
        double compute(float[] a, float[] b, int leads, int samples, double topFraction) {
            double[] ra = RankMath.averageRanks(abs(a));
            double[] rb = RankMath.averageRanks(abs(b));
            return pearson(ra, rb);
        }
    },
    /**
     * Mean structural similarity (Wang et al. 2004) of |a| and |b| seen as [leads × samples] images, each divided by
     * its maximum (data range 1, C1 = 0.01², C2 = 0.03²), over every position of a uniform w × w window
     * (w = 7, or the largest odd size that fits), with sample (co)variances — scikit-image's
     * {@code structural_similarity} defaults, cropped to the windows that fit.
     */
    SSIM("ssim") {
        @Override
        double compute(float[] a, float[] b, int leads, int samples, double topFraction) {
            return ssim(normalised(a), normalised(b), leads, samples);
        }
    },
    /**
     * Top-k intersection: the share of the k = ⌈fraction · points⌉ largest |a| points (ties by position, as MoRF)
     * that are also among the k largest |b| points.
     */
    TOP_K("topk_intersection") {
        @Override
        double compute(float[] a, float[] b, int leads, int samples, double topFraction) {
            int k = Math.max(1, (int) Math.ceil(topFraction * a.length));
            boolean[] inA = new boolean[a.length];
            for (int i : top(abs(a), k)) {
                inA[i] = true;
            }
            int both = 0;
            for (int i : top(abs(b), k)) {
                both += inA[i] ? 1 : 0;
            }
            return both / (double) k;
        }
    };

    private final String key;

    MapSimilarity(String key) {
        this.key = key;
    }

    /** @return the statistic's name in sanity.csv */
    public String key() {
        return key;
    }

    /**
     * @param a first map, {@code leads · samples} values
     * @param b second map, same length
     * @param topFraction the share of points of {@link #TOP_K}
     * @return the similarity (1 = identical)
     */
    public double of(float[] a, float[] b, int leads, int samples, double topFraction) {
        if (a.length != b.length || a.length != leads * samples) {
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " values for " + leads
                    + " x " + samples);
        }
        if (Arrays.equals(a, b)) {
            return 1.0;
        }
        return compute(a, b, leads, samples, topFraction);
    }

    abstract double compute(float[] a, float[] b, int leads, int samples, double topFraction);

    static double[] abs(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs((double) a[i]);
        }
        return out;
    }

    /** Pearson correlation; 0 when exactly one side is constant, 1 when both are. */
    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 && syy == 0) {
            return 1.0;
        }
        if (sxx == 0 || syy == 0) {
            return 0.0;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] normalised(float[] a) {
        double[] v = abs(a);
        double max = 0;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (max > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= max;
            }
        }
        return v;
    }

    static double ssim(double[] x, double[] y, int rows, int cols) {
        int w = Math.min(7, Math.min(rows, cols));
        if (w % 2 == 0) {
            w--;
        }
        double c1 = 0.01 * 0.01;
        double c2 = 0.03 * 0.03;
        int np = w * w;
        double cov = np > 1 ? np / (np - 1.0) : 1.0;
        double total = 0;
        int count = 0;
        for (int r0 = 0; r0 + w <= rows; r0++) {
            for (int c0 = 0; c0 + w <= cols; c0++) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int r = r0; r < r0 + w; r++) {
                    for (int c = c0; c < c0 + w; c++) {
                        double a = x[r * cols + c];
                        double b = y[r * cols + c];
                        sx += a;
                        sy += b;
                        sxx += a * a;
                        syy += b * b;
                        sxy += a * b;
                    }
                }
                double ux = sx / np;
                double uy = sy / np;
                double vx = cov * (sxx / np - ux * ux);
                double vy = cov * (syy / np - uy * uy);
                double vxy = cov * (sxy / np - ux * uy);
                total += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
                count++;
            }
        }
        return total / count;
    }

    /** Indices of the k largest values, ties by lower index first. */
    static int[] top(double[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> {
            int c = Double.compare(v[q], v[p]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        int[] out = new int[Math.min(k, v.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
