package org.heatbench.methods.backward;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Runs a test model on ONNX Runtime with a float32 or float64 input (whichever the model declares) and returns
 * outputs as doubles. {@code GraphSession} feeds float32 only, so float64 reference runs go through ONNX Runtime
 * directly. One intra-op thread: the test machine's cores are shared.
 */
final class OrtRunner implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final boolean doubleInput;

    OrtRunner(OnnxModel model) {
        this.input = model.inputName();
        this.doubleInput = model.runtimeInputs().get(0).getType().getTensorType().getElemType() == TensorProtos.DOUBLE;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            so.setInterOpNumThreads(1);
            // ONNX Runtime warns about initializers its own Conv+BatchNormalization fusion left unused
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session = env.createSession(model.toBytes(), so);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime rejects " + model.source() + ": " + e.getMessage(), e);
        }
    }

    /** @return the requested outputs, flattened row-major, as doubles */
    Map<String, double[]> run(double[] x, long[] shape, List<String> outputs) {
        try (OnnxTensor t = doubleInput ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(x), shape)
                : OnnxTensor.createTensor(env, FloatBuffer.wrap(toFloats(x)), shape);
                OrtSession.Result r = session.run(Map.of(input, t), new LinkedHashSet<>(outputs))) {
            Map<String, double[]> out = new LinkedHashMap<>();
            for (String name : outputs) {
                OnnxValue v = r.get(name).orElseThrow();
                out.put(name, toDoubles((OnnxTensor) v));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
        }
    }

    static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDoubles(OnnxTensor t) {
        if (t.getInfo().type == OnnxJavaType.DOUBLE) {
            DoubleBuffer b = t.getDoubleBuffer();
            double[] d = new double[b.remaining()];
            b.get(d);
            return d;
        }
        if (t.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("output of type " + t.getInfo().type + " where float or double was expected");
        }
        FloatBuffer b = t.getFloatBuffer();
        double[] d = new double[b.remaining()];
        for (int i = 0; i < d.length; i++) {
            d[i] = b.get(i);
        }
        return d;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
