package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Count, mean, standard deviation and 95% confidence interval of the mean of a stream of finite values, mergeable:
 * {@link #accept} values, {@link #combine} partial accumulators. Sums are exact ({@link ExactSum}), so every result is
 * bit-for-bit the same whatever the order and partitioning of the values.
 *
 * <p>Variance: (n·Σx² − (Σx)²) / (n(n − 1)) evaluated on the exact sums in 34-digit decimal arithmetic (no
 * cancellation problem). CI: mean ± t_{0.975, n−1} · sd / √n (Student's t, Commons Statistics); NaN for n &lt; 2.
 * Mutable, not thread-safe.
 */
public final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;

    private long n;
    private final ExactSum sum;
    private final ExactSum sumSquares;

    /** An empty accumulator. */
    public Moments() {
        this(0, new ExactSum(), new ExactSum());
    }

    private Moments(long n, ExactSum sum, ExactSum sumSquares) {
        this.n = n;
        this.sum = sum;
        this.sumSquares = sumSquares;
    }

    /** @return the accumulator's exact state (restored by {@link #restore}) */
    public State state() {
        return new State(n, sum.partials(), sumSquares.partials());
    }

    /**
     * An accumulator in the given state.
     *
     * @throws IllegalArgumentException for a negative count or a non-finite partial
     */
    public static Moments restore(State s) {
        if (s == null || s.n() < 0 || s.s() == null || s.q() == null) {
            throw new IllegalArgumentException("moments need n >= 0 and the partials s and q");
        }
        return new Moments(s.n(), ExactSum.of(s.s()), ExactSum.of(s.q()));
    }

    /**
     * The exact state of a {@link Moments}: the count and the partials of Σx and Σx² ({@link ExactSum#partials()}).
     * Short component names keep the partial-statistics files small.
     *
     * @param n values accepted
     * @param s partials of the sum
     * @param q partials of the sum of squares
     */
    public record State(long n, double[] s, double[] q) {
    }

    /** Adds a finite value. */
    public void accept(double x) {
        sum.accept(x);
        sumSquares.acceptSquare(x);
        n++;
    }

    /** Adds another accumulator's values. */
    public Moments combine(Moments other) {
        sum.combine(other.sum);
        sumSquares.combine(other.sumSquares);
        n += other.n;
        return this;
    }

    public long n() {
        return n;
    }

    /** @return the exact sum, rounded once */
    public double sum() {
        return sum.doubleValue();
    }

    /** @return the mean, NaN when empty */
    public double mean() {
        return n == 0 ? Double.NaN : sum.toBigDecimal().divide(BigDecimal.valueOf(n), MathContext.DECIMAL128)
                .doubleValue();
    }

    /** @return the unbiased sample variance, NaN for n &lt; 2 */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        BigDecimal s = sum.toBigDecimal();
        BigDecimal bn = BigDecimal.valueOf(n);
        BigDecimal num = bn.multiply(sumSquares.toBigDecimal()).subtract(s.multiply(s));
        BigDecimal v = num.divide(bn.multiply(BigDecimal.valueOf(n - 1)), MathContext.DECIMAL128);
        return Math.max(0.0, v.doubleValue());
    }

    /** @return the sample standard deviation, NaN for n &lt; 2 */
    public double sd() {
        return Math.sqrt(variance());
    }

    /** @return half the width of the 95% CI of the mean, NaN for n &lt; 2 */
    public double ci95HalfWidth() {
        if (n < 2) {
            return Double.NaN;
        }
        double t = TDistribution.of(n - 1.0).inverseSurvivalProbability(0.025);
        return t * sd() / Math.sqrt(n);
    }

    /** @return a summary value */
    public Estimate estimate() {
        double m = mean();
        double h = ci95HalfWidth();
        return new Estimate(n, m, sd(), m - h, m + h);
    }

    /**
     * A mean with its uncertainty.
     *
     * @param n values
     * @param mean mean (NaN when n = 0)
     * @param sd sample standard deviation (NaN when n &lt; 2)
     * @param lower lower bound of the 95% CI of the mean (NaN when n &lt; 2)
     * @param upper upper bound
     */
    public record Estimate(long n, double mean, double sd, double lower, double upper) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
