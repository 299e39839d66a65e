package org.heatbench.methods.attribution;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The random stream of one record for one randomised method: seeded from the record's seed and a per-method salt,
 * so streams of different methods and records never coincide and do not depend on batching or threads.
 */
final class RecordRandom {
    private final UniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian gauss;

    RecordRandom(long recordSeed, long methodSalt) {
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {recordSeed, methodSalt});
        this.gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    double gaussian() {
        return gauss.sample();
    }

    double uniform() {
        return rng.nextDouble();
    }

    int nextInt(int bound) {
        return rng.nextInt(bound);
    }
}
