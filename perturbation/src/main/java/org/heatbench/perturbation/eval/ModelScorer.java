package org.heatbench.perturbation.eval;

/**
 * The model under test, seen as a function from a batch of records to one explained output value per record.
 * {@link OnnxScorer} runs an ONNX model in ONNX Runtime; tests may plug in anything else.
 *
 * <p>Contract: {@link #predict} is deterministic and row-independent — a row's prediction does not depend on which
 * other rows share its batch (true of ONNX Runtime's CPU provider for batches of at least two rows, which
 * {@link OnnxScorer} guarantees). Instances serve one thread at a time.
 */
public interface ModelScorer extends AutoCloseable {

    /** @return leads per record of the model input */
    int leads();

    /** @return samples per lead of the model input */
    int samples();

    /**
     * @param rows {@code n} records [n, leads, samples] row-major at the start of the array (it may be longer)
     * @param n number of rows, ≥ 1
     * @return the explained output for each row
     */
    float[] predict(float[] rows, int n);

    @Override
    void close();
}
