package org.heatbench.training;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;

/**
 * Runs a regression model (input [N, leads, samples] µV, output [N, 1]) over store records. Thread-confined: one
 * evaluator per thread. Close to free the session.
 */
public final class Evaluator implements AutoCloseable {
    /** Records per ONNX Runtime call. */
    public static final int BATCH = 256;

    private final GraphSession session;
    private final String input;
    private final String output;
    private final int leads;

    public Evaluator(OnnxModel model, ExecutionOptions options) {
        this.input = model.inputName();
        this.output = model.outputNames().get(0);
        long[] shape = model.declaredInputShape();
        if (shape.length != 3 || shape[1] <= 0) {
            throw new ConfigurationException("model '" + model.source() + "' needs an input [N, leads, samples]; "
                    + "declared " + Arrays.toString(shape));
        }
        this.leads = (int) shape[1];
        this.session = GraphSession.create(model, options);
    }

    /** @return the lead set the model reads: 8 = I, II, V1–V6; 12 = standard order */
    public List<Lead> leads() {
        return leadsFor(leads);
    }

    /** @return the lead set of a model with {@code n} input leads */
    public static List<Lead> leadsFor(int n) {
        return switch (n) {
            case 8 -> Lead.INDEPENDENT_8;
            case 12 -> Lead.STANDARD_12;
            default -> throw new ConfigurationException("models with " + n + " leads are not supported (8 or 12)");
        };
    }

    /** @return one prediction per index, in the model's output unit */
    public double[] predict(EcgStore store, int[] indices) {
        double[] out = new double[indices.length];
        for (int from = 0; from < indices.length; from += BATCH) {
            int to = Math.min(indices.length, from + BATCH);
            EcgBatch b = store.read(Arrays.copyOfRange(indices, from, to), leads());
            float[] y = run(b.signals(), to - from, b.samples());
            for (int i = 0; i < y.length; i++) {
                out[from + i] = y[i];
            }
        }
        return out;
    }

    /**
     * @return per index the model's whole output row (a classifier's class logits or probabilities), in output order
     * @throws ConfigurationException when the output does not have the same number of values per record
     */
    public double[][] predictRows(EcgStore store, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int from = 0; from < indices.length; from += BATCH) {
            int to = Math.min(indices.length, from + BATCH);
            EcgBatch b = store.read(Arrays.copyOfRange(indices, from, to), leads());
            float[] y = run(b.signals(), to - from, b.samples());
            if (y.length % (to - from) != 0) {
                throw new ConfigurationException("model output '" + output + "' has " + y.length + " values for "
                        + (to - from) + " records");
            }
            int per = y.length / (to - from);
            for (int i = 0; i < to - from; i++) {
                out[from + i] = new double[per];
                for (int j = 0; j < per; j++) {
                    out[from + i][j] = y[i * per + j];
                }
            }
        }
        return out;
    }

    /** @return predictions of in-memory records [n, leads, samples] */
    public double[] predict(float[] signals, int n, int samples) {
        double[] out = new double[n];
        int rec = leads * samples;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[] y = run(Arrays.copyOfRange(signals, from * rec, to * rec), to - from, samples);
            for (int i = 0; i < y.length; i++) {
                out[from + i] = y[i];
            }
        }
        return out;
    }

    /** @return per in-memory record [n, leads, samples] the model's whole output row (a classifier's logits) */
    public double[][] predictRows(float[] signals, int n, int samples) {
        double[][] out = new double[n][];
        int rec = leads * samples;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[] y = run(Arrays.copyOfRange(signals, from * rec, to * rec), to - from, samples);
            int per = y.length / (to - from);
            for (int i = 0; i < to - from; i++) {
                out[from + i] = new double[per];
                for (int j = 0; j < per; j++) {
                    out[from + i][j] = y[i * per + j];
                }
            }
        }
        return out;
    }

    private float[] run(float[] x, int n, int samples) {
        Map<String, FloatTensor> r = session.run(input, FloatTensor.of(x, n, leads, samples), List.of(output));
        return r.get(output).data();
    }

    @Override
    public void close() {
        session.close();
    }
}
