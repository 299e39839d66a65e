package org.heatbench.datasets;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from a master seed, one per item (record, shard, ...), so that what an item
 * draws does not depend on which thread generates it, in which order, or how items are grouped into shards.
 *
 * <p>The stream of item {@code i} is a XoShiRo256++ generator whose four seed words are the SplitMix64 sequence
 * started at {@code mix64(mix64(seed) ^ i)}. {@code mix64} is a bijection, so for one seed every item gets a
 * distinct starting state. Immutable and thread-safe; the returned generators are not thread-safe.
 *
 * @param seed the master seed
 */
public record SeedSequence(long seed) {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    /** @return a new generator for item {@code index}; equal arguments give equal streams on every JVM */
    public UniformRandomProvider forItem(long index) {
        long state = mix64(mix64(seed) ^ index);
        long[] words = new long[4];
        for (int k = 0; k < words.length; k++) {
            state += GOLDEN_GAMMA;
            words[k] = mix64(state);
        }
        return RandomSource.XO_SHI_RO_256_PP.create(words);
    }

    /** The SplitMix64 / MurmurHash3 finaliser: a bijective 64-bit mixer. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
