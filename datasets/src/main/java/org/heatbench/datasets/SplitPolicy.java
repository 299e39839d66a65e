package org.heatbench.datasets;

import java.nio.charset.StandardCharsets;
import org.heatbench.core.ConfigurationException;

/**
 * Deterministic train/validation/test assignment from a seed and two fractions (test takes the rest).
 *
 * <p>A record's split depends only on (seed, record id): {@code u = hash(seed, id)} is a uniform number in [0, 1)
 * and the record is train when {@code u < train}, validation when {@code u < train + val}, test otherwise. Adding or
 * removing records therefore never moves an existing record to another split, and the same id gets the same split
 * in every store built with the same policy. The realised fractions of a store follow the binomial distribution
 * around the requested ones.
 *
 * <p>The hash is 64-bit FNV-1a over the id's UTF-8 bytes, combined with the seed and finished with the SplitMix64
 * mixer; {@code u} is its top 53 bits divided by 2<sup>53</sup>. Immutable and thread-safe.
 *
 * @param seed  any value; different seeds give independent assignments
 * @param train fraction in [0, 1]
 * @param val   fraction in [0, 1], with {@code train + val <= 1}
 */
public record SplitPolicy(long seed, double train, double val) {

    /** The reference study's proportions, 60/20/20, seed 123. */
    public static final SplitPolicy DEFAULT = new SplitPolicy(123, 0.6, 0.2);

    public SplitPolicy {
        if (!(train >= 0 && train <= 1) || !(val >= 0 && val <= 1) || train + val > 1 + 1e-12) {
            throw new ConfigurationException("split fractions train=" + train + ", val=" + val
                    + " must lie in [0, 1] and add up to at most 1 (test takes the rest)");
        }
    }

    /** @return the test fraction, {@code 1 − train − val} */
    public double test() {
        return Math.max(0, 1 - train - val);
    }

    /** @return the split of the record with this id */
    public Split assign(String id) {
        double u = uniform(id);
        if (u < train) {
            return Split.TRAIN;
        }
        return u < train + val ? Split.VAL : Split.TEST;
    }

    /** @return the uniform number in [0, 1) that {@link #assign} compares with the fractions */
    public double uniform(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = SeedSequence.mix64(SeedSequence.mix64(seed) ^ h);
        return (z >>> 11) * 0x1.0p-53;
    }
}
