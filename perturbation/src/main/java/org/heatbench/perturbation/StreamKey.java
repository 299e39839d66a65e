package org.heatbench.perturbation;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Derives a record's random streams from the run seed, the record's id and the target, so that results do not
 * depend on batching, threads or partitioning: each (record, method, purpose) has its own XoShiRo256++ stream,
 * whose 256-bit state is four SplitMix64 outputs of the 64-bit FNV-1a hashes of seed, id, target, method and
 * purpose. Purposes used by HeatBench: {@code noise:morf}, {@code noise:lerf}, {@code noise:random} (perturbation
 * draws) and {@code order:random} (the random-order permutation).
 *
 * @param seed the run seed
 * @param recordId the record's stable id (store id, e.g. {@code synth-00000042})
 * @param target the target key ({@code qt}, ...)
 */
public record StreamKey(long seed, String recordId, String target) {

    public StreamKey {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(target, "target");
    }

    /** @return a fresh stream for {@code method} (canonical spec, or {@code random_order}) and {@code purpose} */
    public UniformRandomProvider stream(String method, String purpose) {
        long z = mix(seed ^ 0x48656174_42656e63L);
        z = mix(z ^ fnv(recordId));
        z = mix(z ^ fnv(target));
        z = mix(z ^ fnv(method));
        z = mix(z ^ fnv(purpose));
        long[] state = new long[4];
        for (int i = 0; i < 4; i++) {
            z += 0x9E3779B97F4A7C15L;
            state[i] = mix(z);
        }
        return RandomSource.XO_SHI_RO_256_PP.create(state);
    }

    /** @return a 64-bit key of a record id for {@link org.heatbench.methods.RecordSeeds} (attribution seeds) */
    public static long idKey(String recordId) {
        return fnv(recordId);
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
