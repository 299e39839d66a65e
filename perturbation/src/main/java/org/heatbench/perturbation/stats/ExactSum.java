package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The exact sum of finite doubles, as a short list of non-overlapping partials (Shewchuk 1997, "Adaptive precision
 * floating-point arithmetic and fast robust geometric predicates"; the algorithm of Python's {@code math.fsum}).
 * Adding values in any order, or combining partial sums from any partitioning, represents the same exact real number,
 * and {@link #doubleValue()} rounds it correctly — so statistics built on it are bit-for-bit independent of how the
 * data were split (Spark partitions, threads). Typically 1–3 partials; no rounding ever happens inside.
 *
 * <p>Mutable, not thread-safe. Non-finite values are rejected (callers count them instead).
 */
public final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private double[] partials = new double[4];
    private int size;

    /** Adds a finite value exactly. */
    public void accept(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("exact sums take finite values, got " + x);
        }
        int i = 0;
        for (int j = 0; j < size; j++) {
            double y = partials[j];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[i++] = lo;
            }
            x = hi;
        }
        if (i == partials.length) {
            partials = Arrays.copyOf(partials, i * 2);
        }
        partials[i++] = x;
        size = i;
    }

    /** Adds {@code x · x} exactly (the rounding error of the product is added too, via a fused multiply-add). */
    public void acceptSquare(double x) {
        double p = x * x;
        double e = Math.fma(x, x, -p);
        accept(p);
        if (e != 0.0) {
            accept(e);
        }
    }

    /** Adds another exact sum (the union of two partial sums). */
    public ExactSum combine(ExactSum other) {
        for (int j = 0; j < other.size; j++) {
            accept(other.partials[j]);
        }
        return this;
    }

    /** @return the exact sum */
    public BigDecimal toBigDecimal() {
        BigDecimal s = BigDecimal.ZERO;
        for (int j = 0; j < size; j++) {
            s = s.add(new BigDecimal(partials[j]));
        }
        return s;
    }

    /** @return the exact sum correctly rounded to a double */
    public double doubleValue() {
        return size == 0 ? 0.0 : size == 1 ? partials[0] : toBigDecimal().doubleValue();
    }

    /**
     * The partials, for a typed snapshot of partial statistics: together with {@link #of(double[])} they reproduce
     * this exact sum bit for bit (JSON writes doubles in Java's shortest round-trip form).
     *
     * @return a copy of the non-overlapping partials
     */
    public double[] partials() {
        return Arrays.copyOf(partials, size);
    }

    /**
     * The exact sum of {@code partials} (as written by {@link #partials()}).
     *
     * @throws IllegalArgumentException for a non-finite value
     */
    public static ExactSum of(double[] partials) {
        ExactSum s = new ExactSum();
        for (double p : partials) {
            s.accept(p);
        }
        return s;
    }

    /** @return an independent copy */
    public ExactSum copy() {
        ExactSum c = new ExactSum();
        c.partials = Arrays.copyOf(partials, Math.max(4, size));
        c.size = size;
        return c;
    }

    @Override
    public String toString() {
        return Double.toString(doubleValue());
    }
}
