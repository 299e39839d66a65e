package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.InvalidModelException;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.methods.runtime.OnnxRuntimeException;
import org.heatbench.methods.runtime.ProbedValue;

/**
 * Shapes, element types and constant shape arithmetic of every tensor of a model, for one input item shape.
 *
 * <p>Java has no ONNX shape inference, so HeatBench runs the model itself: every intermediate tensor is made a graph
 * output and the model is run on two batch sizes ({@value #PROBE_BATCH} and {@value #PROBE_BATCH_2}, neither 1 so a
 * broadcast dimension of size 1 is never mistaken for the batch). Dimensions that differ between the two runs are
 * batch dimensions; integer tensors equal in both runs are constants. The probe input is seeded Gaussian noise.
 */
public final class GraphAnalysis {
    /** The batch size whose dimensions {@link TensorInfo#dims()} reports. */
    public static final int PROBE_BATCH = 2;
    static final int PROBE_BATCH_2 = 3;

    private final OnnxModel model;
    private final long[] itemShape;
    private final Map<String, TensorInfo> infos;
    private final Map<String, NodeProto> producers;
    private final Map<String, TensorProto> initializers;

    private GraphAnalysis(OnnxModel model, long[] itemShape, Map<String, TensorInfo> infos) {
        this.model = model;
        this.itemShape = itemShape.clone();
        this.infos = Collections.unmodifiableMap(infos);
        Map<String, NodeProto> prod = new HashMap<>();
        for (NodeProto n : model.graph().getNodeList()) {
            for (String o : n.getOutputList()) {
                if (!o.isEmpty()) {
                    prod.put(o, n);
                }
            }
        }
        this.producers = prod;
        this.initializers = model.initializers();
    }

    /**
     * Analyses {@code model} for inputs of shape {@code [N, itemShape...]}.
     *
     * @throws InvalidInputException if the item shape contradicts the model's declared input shape
     * @throws InvalidModelException if ONNX Runtime cannot run the model at two batch sizes
     */
    public static GraphAnalysis of(OnnxModel model, long[] itemShape) {
        String input = model.inputName();
        long[] declared = model.declaredInputShape();
        if (declared.length != itemShape.length + 1) {
            throw new InvalidInputException("model '" + model.source() + "' expects input '" + input + "' of rank "
                    + declared.length + " " + shapeString(declared) + ", but the data has items of shape "
                    + Arrays.toString(itemShape) + " (rank " + (itemShape.length + 1) + " with the batch)");
        }
        for (int i = 0; i < itemShape.length; i++) {
            if (declared[i + 1] >= 0 && declared[i + 1] != itemShape[i]) {
                throw new InvalidInputException("model '" + model.source() + "' expects input '" + input + "' of shape "
                        + shapeString(declared) + ", but the data has items of shape " + Arrays.toString(itemShape)
                        + " (dimension " + (i + 1) + " is " + itemShape[i] + ", the model needs " + declared[i + 1] + ")");
            }
        }
        if (declared[0] > 0 && declared[0] != PROBE_BATCH) {
            model = withDynamicBatch(model);
        }
        OnnxModel probeModel = exposeAll(model);
        String feed = input;
        if (model.runtimeInputs().get(0).getType().getTensorType().getElemType() == TensorProtos.DOUBLE) {
            probeModel = withFloatFeed(probeModel);
            feed = input + FLOAT_FEED_SUFFIX;
        }
        Map<String, ProbedValue> a;
        Map<String, ProbedValue> b;
        ExecutionOptions opts = ExecutionOptions.defaults().withIntraOpThreads(1);
        try (GraphSession s = GraphSession.create(probeModel, opts)) {
            a = s.runAll(feed, noise(PROBE_BATCH, itemShape, 1));
            b = s.runAll(feed, noise(PROBE_BATCH_2, itemShape, 2));
        } catch (OnnxRuntimeException e) {
            throw new InvalidModelException("model '" + model.source() + "' cannot run on inputs of shape [N, "
                    + Arrays.toString(itemShape).replace("[", "") + " with a variable batch size N: " + e.getMessage(), e);
        }
        Map<String, TensorInfo> infos = new HashMap<>();
        for (Map.Entry<String, ProbedValue> e : a.entrySet()) {
            ProbedValue va = e.getValue();
            ProbedValue vb = b.get(e.getKey());
            long[] da = va.shape();
            long[] db = vb.shape();
            boolean[] batch = new boolean[da.length];
            if (db.length != da.length) {
                throw new InvalidModelException("tensor '" + e.getKey() + "' of '" + model.source()
                        + "' changes rank with the batch size; HeatBench cannot analyse this model");
            }
            for (int i = 0; i < da.length; i++) {
                batch[i] = da[i] != db[i];
            }
            long[] constant = null;
            if (va.longValues() != null && vb.longValues() != null && Arrays.equals(va.longValues(), vb.longValues())
                    && Arrays.equals(da, db)) {
                constant = va.longValues();
            }
            infos.put(e.getKey(), new TensorInfo(e.getKey(), va.onnxType(), da, batch, constant));
        }
        return new GraphAnalysis(model, itemShape, infos);
    }

    private static String shapeString(long[] dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i] < 0 ? "?" : Long.toString(dims[i]));
        }
        return sb.append(']').toString();
    }

    private static FloatTensor noise(int batch, long[] itemShape, long seed) {
        long n = batch;
        for (long d : itemShape) {
            n *= d;
        }
        float[] data = new float[Math.toIntExact(n)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 2 - 1);
        }
        long[] shape = new long[itemShape.length + 1];
        shape[0] = batch;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        return new FloatTensor(data, shape);
    }

    /** A model whose graph lists every node output (and the input) as a graph output, with no type declared. */
    static OnnxModel exposeAll(OnnxModel model) {
        GraphProto.Builder g = model.graph().toBuilder();
        Set<String> existing = new LinkedHashSet<>();
        for (ValueInfoProto v : g.getOutputList()) {
            existing.add(v.getName());
        }
        for (NodeProto n : model.graph().getNodeList()) {
            for (String o : n.getOutputList()) {
                if (!o.isEmpty() && existing.add(o)) {
                    g.addOutput(ValueInfoProto.newBuilder().setName(o));
                }
            }
        }
        String in = model.inputName();
        if (existing.add(in)) {
            // an Identity gives the input a probe-able copy without declaring its type twice
            g.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(in).addOutput(in + "__hb_probe"));
            g.addOutput(ValueInfoProto.newBuilder().setName(in + "__hb_probe"));
        }
        g.clearValueInfo();
        return model.withGraph(g.build(), model.opset());
    }

    private static final String FLOAT_FEED_SUFFIX = "__hb_f32";

    /**
     * For a float64 input: a probe model fed float32 (all {@link GraphSession} can feed) that casts to float64 under
     * the input's own name, so every tensor keeps the element type it has in the real model. Without it a
     * float64 model, which the compiler otherwise supports, could not be analysed at all.
     */
    private static OnnxModel withFloatFeed(OnnxModel model) {
        String in = model.inputName();
        GraphProto.Builder g = model.graph().toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            ValueInfoProto.Builder v = g.getInputBuilder(i);
            if (v.getName().equals(in)) {
                v.setName(in + FLOAT_FEED_SUFFIX).getTypeBuilder().getTensorTypeBuilder().setElemType(TensorProtos.FLOAT);
            }
        }
        g.addNode(0, NodeProto.newBuilder().setOpType("Cast").addInput(in + FLOAT_FEED_SUFFIX).addOutput(in)
                .addAttribute(org.heatbench.methods.onnx.GraphBuilder.attr("to", (long) TensorProtos.DOUBLE)));
        return model.withGraph(g.build(), model.opset());
    }

    /** Replaces a fixed leading input dimension by a symbolic one so the batch can vary. */
    static OnnxModel withDynamicBatch(OnnxModel model) {
        GraphProto.Builder g = model.graph().toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            ValueInfoProto.Builder v = g.getInputBuilder(i);
            if (v.getName().equals(model.inputName())) {
                v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).clearDimValue()
                        .setDimParam("N");
            }
        }
        return model.withGraph(g.build(), model.opset());
    }

    /** @return the analysed model (with a symbolic batch dimension if the original fixed it) */
    public OnnxModel model() {
        return model;
    }

    /** @return the input item shape the analysis was made for */
    public long[] itemShape() {
        return itemShape.clone();
    }

    /**
     * @return the analysis of a tensor
     * @throws InvalidModelException naming the tensor and a few existing names if it does not exist
     */
    public TensorInfo info(String tensor) {
        TensorInfo t = infos.get(tensor);
        if (t == null) {
            TensorProto init = initializers.get(tensor);
            if (init != null) {
                return initializerInfo(init);
            }
            if (tensor.equals(model.inputName())) {
                TensorInfo probe = infos.get(tensor + "__hb_probe");
                if (probe != null) {
                    return new TensorInfo(tensor, probe.onnxType(), probe.dims(), probe.batchDims(), null);
                }
            }
            throw new InvalidModelException("tensor '" + tensor + "' does not exist in '" + model.source() + "'");
        }
        return t;
    }

    /** @return whether the tensor exists (as node output, input or initializer) */
    public boolean has(String tensor) {
        return infos.containsKey(tensor) || initializers.containsKey(tensor) || tensor.equals(model.inputName());
    }

    /** @return the node producing the tensor, if any */
    public Optional<NodeProto> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** @return all analysed tensor names */
    public Set<String> tensorNames() {
        return infos.keySet();
    }

    /**
     * The integer values of a tensor that is constant for every batch: an initializer, a {@code Constant} output
     * or the result of shape arithmetic.
     */
    public Optional<long[]> constantLongs(String tensor) {
        TensorProto init = initializers.get(tensor);
        if (init != null) {
            return Optional.of(TensorProtos.toLongs(init));
        }
        NodeProto p = producers.get(tensor);
        if (p != null && p.getOpType().equals("Constant")) {
            return TensorProtos.constantNodeValue(p).map(TensorProtos::toLongs);
        }
        TensorInfo t = infos.get(tensor);
        return t == null || t.constantValues() == null ? Optional.empty() : Optional.of(t.constantValues());
    }

    /** The floating values of an initializer or {@code Constant} output, if the tensor is one. */
    public Optional<TensorProto> constantTensor(String tensor) {
        TensorProto init = initializers.get(tensor);
        if (init != null) {
            return Optional.of(init);
        }
        NodeProto p = producers.get(tensor);
        if (p != null && p.getOpType().equals("Constant")) {
            return TensorProtos.constantNodeValue(p);
        }
        return Optional.empty();
    }

    private static TensorInfo initializerInfo(TensorProto t) {
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        return new TensorInfo(t.getName(), t.getDataType(), dims, new boolean[dims.length], null);
    }

    /** @return the names of the graph's node list in order, for messages */
    List<NodeProto> nodes() {
        return model.graph().getNodeList();
    }
}
