package org.heatbench.perturbation.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;

/**
 * A {@link ModelScorer} over an ONNX model's forward graph in one ONNX Runtime session: output {@code outputIndex},
 * flat value {@code targetIndex} of each record's output (0 for the single-value regressors).
 *
 * <p>Single-row runs are padded to two rows (the row twice): with more than one intra-op thread, ONNX Runtime's CPU
 * kernels split a single image's work differently from a batch's and the last bits of the output change (measured on
 * the reference CNN with 2 threads: 67 of 200 outputs differ by up to 2.3e-5), which would make results depend on
 * batching. With at least two rows per run the CPU provider's outputs are identical for any batch size, batch
 * position and intra-op thread count. Not thread-safe beyond the session's own serialisation: one scorer per thread.
 */
public final class OnnxScorer implements ModelScorer {
    private final GraphSession session;
    private final String inputName;
    private final String outputName;
    private final int targetIndex;
    private final int leads;
    private final int samples;
    private final String source;
    private boolean softmax;

    private OnnxScorer(GraphSession session, String inputName, String outputName, int targetIndex, int leads,
            int samples, String source) {
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.targetIndex = targetIndex;
        this.leads = leads;
        this.samples = samples;
        this.source = source;
    }

    /**
     * Creates the session and checks, with one probe run, that the output has a value {@code targetIndex} per record.
     *
     * @throws ConfigurationException for a bad output or target index, or a model that rejects [2, leads, samples]
     */
    public static OnnxScorer create(OnnxModel model, ExecutionOptions options, int outputIndex, int targetIndex,
            int leads, int samples) {
        List<String> outputs = model.outputNames();
        if (outputIndex < 0 || outputIndex >= outputs.size()) {
            throw new ConfigurationException("model '" + model.source() + "' has " + outputs.size()
                    + " output(s) " + outputs + "; output index " + outputIndex + " does not exist");
        }
        if (targetIndex < 0) {
            throw new ConfigurationException("target index must be >= 0, got " + targetIndex);
        }
        GraphSession s = GraphSession.create(model, options);
        OnnxScorer scorer = new OnnxScorer(s, model.inputName(), outputs.get(outputIndex), targetIndex, leads,
                samples, model.source());
        try {
            FloatTensor probe = s.run(scorer.inputName, FloatTensor.zeros(2, leads, samples), List.of(scorer.outputName))
                    .get(scorer.outputName);
            int per = probe.data().length / 2;
            if (targetIndex >= per) {
                throw new ConfigurationException("model '" + model.source() + "' output '" + scorer.outputName
                        + "' has " + per + " value(s) per record; target index " + targetIndex + " does not exist");
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return scorer;
    }

    /**
     * Makes the scorer return the softmax probability of value {@code targetIndex} over the record's output row (in
     * double, maximum subtracted, rounded to float) instead of the raw value: the probability of a single-label
     * classifier's class. The row is the output's values of one record.
     *
     * @return this scorer
     */
    public OnnxScorer withSoftmax() {
        this.softmax = true;
        return this;
    }

    /** @return the execution provider actually used ({@code cpu} or {@code cuda}) */
    public String provider() {
        return session.provider().toString();
    }

    @Override
    public int leads() {
        return leads;
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public float[] predict(float[] rows, int n) {
        int item = leads * samples;
        int runRows = Math.max(n, 2);
        float[] data;
        if (n == 1) {
            data = new float[2 * item];
            System.arraycopy(rows, 0, data, 0, item);
            System.arraycopy(rows, 0, data, item, item);
        } else {
            data = rows.length == n * item ? rows : Arrays.copyOf(rows, n * item);
        }
        Map<String, FloatTensor> out = session.run(inputName, FloatTensor.of(data, runRows, leads, samples),
                List.of(outputName));
        float[] y = out.get(outputName).data();
        int per = y.length / runRows;
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            if (softmax) {
                double[] row = new double[per];
                for (int j = 0; j < per; j++) {
                    row[j] = y[i * per + j];
                }
                p[i] = (float) org.heatbench.perturbation.scores.ClassificationMetrics.softmax(row)[targetIndex];
            } else {
                p[i] = y[i * per + targetIndex];
            }
        }
        return p;
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "OnnxScorer[" + source + ", output " + outputName + "[" + targetIndex + "]]";
    }
}
