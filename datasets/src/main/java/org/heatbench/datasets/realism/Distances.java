package org.heatbench.datasets.realism;

import java.util.Arrays;

/**
 * Distances between two one-dimensional samples (finite values only; NaN are left out). Stateless.
 */
public final class Distances {

    private Distances() {
    }

    /**
     * The 1-Wasserstein (earth mover's) distance ∫ |F_a(x) − F_b(x)| dx between the empirical distributions.
     *
     * @return the distance in the values' unit; NaN if either sample has no finite value
     */
    public static double wasserstein1(double[] a, double[] b) {
        double[] x = finiteSorted(a);
        double[] y = finiteSorted(b);
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        int i = 0;
        int j = 0;
        double prev = Math.min(x[0], y[0]);
        double sum = 0;
        while (i < x.length || j < y.length) {
            double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            double fa = (double) i / x.length;
            double fb = (double) j / y.length;
            sum += Math.abs(fa - fb) * (next - prev);
            prev = next;
            if (i < x.length && x[i] == next) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    /** @return the Kolmogorov–Smirnov statistic sup |F_a − F_b|; NaN if either sample has no finite value */
    public static double kolmogorovSmirnov(double[] a, double[] b) {
        double[] x = finiteSorted(a);
        double[] y = finiteSorted(b);
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    /** @return the share of finite {@code sample} values below {@code v} (ties count half), NaN for NaN input */
    public static double percentile(double v, double[] sample) {
        double[] x = finiteSorted(sample);
        if (x.length == 0 || Double.isNaN(v)) {
            return Double.NaN;
        }
        double below = 0;
        for (double s : x) {
            below += s < v ? 1 : s == v ? 0.5 : 0;
        }
        return below / x.length;
    }

    static double[] finiteSorted(double[] a) {
        return Arrays.stream(a).filter(Double::isFinite).sorted().toArray();
    }
}
