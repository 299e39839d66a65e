package org.heatbench.methods.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session over a (usually compiled) model, created once and reused for every batch.
 *
 * <p>Inputs are copied in bulk into a direct buffer that is reused across calls of the same size; outputs are
 * bulk-copied out of ONNX Runtime's buffers. {@link #run} is {@code synchronized}: one session serves one thread at
 * a time (ONNX Runtime parallelises inside a run with its intra-op threads). Close it to free native memory.
 */
public final class GraphSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphSession.class);
    /** Sessions created and not yet closed in this JVM: a diagnostic counter (the contract tests' leak check). */
    private static final java.util.concurrent.atomic.AtomicInteger OPEN = new java.util.concurrent.atomic.AtomicInteger();
    private boolean closed;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String modelName;
    private final Provider provider;
    private final List<String> outputNames;
    private FloatBuffer inputBuffer;

    private GraphSession(OrtEnvironment env, OrtSession session, String modelName, Provider provider) {
        this.env = env;
        this.session = session;
        this.modelName = modelName;
        this.provider = provider;
        this.outputNames = new ArrayList<>(session.getOutputNames());
        OPEN.incrementAndGet();
    }

    /** @return the number of sessions created and not yet closed in this JVM (for leak checks) */
    public static int openSessions() {
        return OPEN.get();
    }

    /**
     * Creates a session. With {@link Provider#CUDA} requested but unavailable (CPU-only build, no driver), logs a
     * warning and runs on the CPU; {@link #provider()} reports what was used.
     */
    public static GraphSession create(OnnxModel model, ExecutionOptions options) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Provider used = options.provider();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setInterOpNumThreads(1);
            // ONNX Runtime's warnings concern its own graph rewrites (e.g. initializers its Conv+BN fusion
            // left unused) and are not actionable for users; errors still surface as exceptions
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (options.provider() == Provider.CUDA) {
                try {
                    so.addCUDA(options.deviceId());
                } catch (OrtException | UnsatisfiedLinkError e) {
                    LOG.warn("CUDA execution provider requested but unavailable ({}); running '{}' on the CPU. "
                            + "Build with -Pcuda on a host with CUDA 12 and cuDNN 9 to use the GPU.",
                            e.getMessage(), model.source());
                    used = Provider.CPU;
                }
            }
            OrtSession s = env.createSession(model.toBytes(), so);
            return new GraphSession(env, s, model.source(), used);
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime cannot create a session for '" + model.source() + "'", e);
        }
    }

    /** @return the provider actually running this session */
    public Provider provider() {
        return provider;
    }

    /** @return the session's output names */
    public List<String> outputNames() {
        return List.copyOf(outputNames);
    }

    /** @return the ONNX Runtime version, for provenance */
    public static String onnxRuntimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /**
     * Runs the session on one float input and returns the requested float outputs.
     *
     * @param inputName the graph input to feed
     * @param input the values, shape as the graph expects
     * @param outputs names of the outputs to fetch (all outputs when empty)
     * @return the outputs by name, in the requested order
     */
    public synchronized Map<String, FloatTensor> run(String inputName, FloatTensor input, List<String> outputs) {
        FloatBuffer buf = directBuffer(input.data().length);
        buf.put(input.data()).flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, buf, input.shape())) {
            Map<String, OnnxTensor> feed = new HashMap<>(2);
            feed.put(inputName, t);
            return fetch(feed, outputs);
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime failed running '" + modelName + "' on input "
                    + java.util.Arrays.toString(input.shape()), e);
        }
    }

    /**
     * Runs the session on several float inputs (e.g. a training graph fed a batch and the current parameters) and
     * returns the requested float outputs. Each input is copied into ONNX Runtime's memory for the call.
     *
     * @param inputs values by graph input name, shapes as the graph expects
     * @param outputs names of the outputs to fetch (all outputs when empty)
     * @return the outputs by name, in the requested order
     */
    public synchronized Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, List<String> outputs) {
        Map<String, OnnxTensor> feed = new HashMap<>(inputs.size() * 2);
        try {
            for (Map.Entry<String, FloatTensor> e : inputs.entrySet()) {
                feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()),
                        e.getValue().shape()));
            }
            return fetch(feed, outputs);
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime failed running '" + modelName + "' on inputs "
                    + inputs.keySet(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Runs one call and copies the wanted float outputs out, in the requested order. */
    private Map<String, FloatTensor> fetch(Map<String, OnnxTensor> feed, List<String> outputs) throws OrtException {
        List<String> wanted = outputs.isEmpty() ? outputNames : outputs;
        try (OrtSession.Result r = session.run(feed, new java.util.LinkedHashSet<>(wanted))) {
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            for (String name : wanted) {
                Optional<OnnxValue> v = r.get(name);
                if (v.isEmpty()) {
                    throw new IllegalStateException("output '" + name + "' missing from run of " + modelName);
                }
                out.put(name, toFloat((OnnxTensor) v.get()));
            }
            return out;
        }
    }

    /**
     * Runs the session and describes every output (element type, shape, small integer values). Used by graph
     * analysis to learn shapes and constant shape arithmetic without a shape-inference library.
     */
    public synchronized Map<String, ProbedValue> runAll(String inputName, FloatTensor input) {
        FloatBuffer buf = directBuffer(input.data().length);
        buf.put(input.data()).flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, buf, input.shape());
                OrtSession.Result r = session.run(Map.of(inputName, t))) {
            Map<String, ProbedValue> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                OnnxTensor v = (OnnxTensor) e.getValue();
                out.put(e.getKey(), ProbedValue.of(v));
            }
            return out;
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime failed running '" + modelName + "' on input "
                    + java.util.Arrays.toString(input.shape()), e);
        }
    }

    private FloatBuffer directBuffer(int n) {
        if (inputBuffer == null || inputBuffer.capacity() != n) {
            inputBuffer = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        inputBuffer.clear();
        return inputBuffer;
    }

    private static FloatTensor toFloat(OnnxTensor v) {
        long[] shape = v.getInfo().getShape();
        FloatBuffer fb = v.getFloatBuffer();
        float[] arr = new float[fb.remaining()];
        fb.get(arr);
        return new FloatTensor(arr, shape);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.decrementAndGet();
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeException("cannot close ONNX Runtime session of '" + modelName + "'", e);
        }
    }
}
