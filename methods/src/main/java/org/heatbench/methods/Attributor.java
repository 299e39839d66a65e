package org.heatbench.methods;

/**
 * An attribution method compiled for one model, target and input item shape, holding its ONNX Runtime session.
 * Create it once and call {@link #attribute} for every batch; close it to free native memory.
 *
 * <p>Calls are serialised per instance (one ONNX Runtime session runs one batch at a time, using its intra-op
 * threads); use one attributor per thread for parallelism.
 *
 * <p>Randomised methods draw each record's randomness from its own seed, so a record's attribution does not
 * depend on which batch it came in or how many threads ran.
 */
public interface Attributor extends AutoCloseable {

    /** @return the canonical method specification */
    MethodSpec spec();

    /**
     * Attributes a batch.
     *
     * @param inputs {@code [N, item shape...]}, finite values
     * @param recordSeeds one seed per record for randomised methods (ignored by deterministic ones)
     * @throws org.heatbench.core.InvalidInputException if the item shape differs from the compiled one or a value
     *     is NaN or infinite (naming the record)
     */
    Attribution attribute(FloatTensor inputs, long[] recordSeeds);

    /** Attributes a batch with record seeds 0..N−1 (convenient for deterministic methods and tests). */
    default Attribution attribute(FloatTensor inputs) {
        long[] seeds = new long[inputs.batchSize()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = i;
        }
        return attribute(inputs, seeds);
    }

    /** @return the execution provider actually used ("cpu" or "cuda") */
    String provider();

    @Override
    void close();
}
