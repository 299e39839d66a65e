package org.heatbench.methods;

/**
 * Derives a record's seed from a run seed and the record's stable key (its index in the store, or a hash of its
 * id), so randomised methods give each record the same randomness however records are batched, partitioned or
 * threaded. SplitMix64 finalisers make nearby keys independent.
 */
public final class RecordSeeds {
    private RecordSeeds() {
    }

    /** @return the seed of record {@code key} under run seed {@code seed} */
    public static long of(long seed, long key) {
        return mix(mix(seed) ^ (key * 0x9E3779B97F4A7C15L));
    }

    /** Seeds for records {@code firstKey .. firstKey + n − 1}. */
    public static long[] range(long seed, long firstKey, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = of(seed, firstKey + i);
        }
        return s;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
