package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mean curve over records with a 95% confidence band of the mean (Student's t), point k = after k steps.
 *
 * @param n curves averaged
 * @param mean point-wise mean
 * @param sd point-wise sample standard deviation (NaN for n &lt; 2)
 * @param lower lower CI bound (NaN for n &lt; 2)
 * @param upper upper CI bound (NaN for n &lt; 2)
 */
public record MeanCurve(long n, double[] mean, double[] sd, double[] lower, double[] upper) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean equals(Object o) {
        return o instanceof MeanCurve c && n == c.n && Arrays.equals(mean, c.mean) && Arrays.equals(sd, c.sd)
                && Arrays.equals(lower, c.lower) && Arrays.equals(upper, c.upper);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(n) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "MeanCurve[n=" + n + ", " + mean.length + " points]";
    }
}
