package org.heatbench.methods.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable ONNX model: the parsed protobuf, where it came from, and its SHA-256.
 *
 * <p>HeatBench reads models as exported by {@code torch.onnx.export} (opset 13 and later, default domain) for 1-D
 * and 2-D CNNs and MLPs. The model is never modified in place: rewritten graphs are new instances made with
 * {@link #withGraph(GraphProto, long)}. Instances are thread-safe.
 */
public final class OnnxModel {
    /** The lowest default-domain opset HeatBench accepts (the first with axes-as-input ReduceSum/Squeeze). */
    public static final long MIN_OPSET = 13;

    private final ModelProto proto;
    private final String source;
    private final String sha256;
    private final Map<String, TensorProto> initializers;

    private OnnxModel(ModelProto proto, String source, String sha256) {
        this.proto = proto;
        this.source = source;
        this.sha256 = sha256;
        Map<String, TensorProto> inits = new LinkedHashMap<>();
        for (TensorProto t : proto.getGraph().getInitializerList()) {
            inits.put(t.getName(), t);
        }
        this.initializers = Collections.unmodifiableMap(inits);
    }

    /**
     * Reads and validates a model file. Tensor data kept in external files is read from the model's own folder
     * (and only from there; see {@link ExternalData}) and inlined; the SHA-256 is then that of the inlined model.
     *
     * @throws InvalidModelException if the file is missing, truncated, not ONNX, or uses an opset below 13
     */
    public static OnnxModel load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException("ONNX model file not found: " + file);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
        ModelProto proto = parse(bytes, file.toString());
        if (ExternalData.uses(proto)) {
            // weights in side files: read them from the model's own folder (never the working directory), inline them,
            // and hash what is actually computed with
            ModelProto inlined = ExternalData.inline(proto, file);
            return of(inlined, file.toString(), sha256(inlined.toByteArray()));
        }
        return of(proto, file.toString(), sha256(bytes));
    }

    /**
     * Parses a serialized model.
     *
     * @param source a name for error messages and provenance (usually the file path)
     * @throws InvalidModelException if the bytes are not a complete ONNX model with opset 13 or later, or keep
     *                               tensor data in external files (only {@link #load} may read those)
     */
    public static OnnxModel fromBytes(byte[] bytes, String source) {
        Objects.requireNonNull(bytes, "bytes");
        ModelProto proto = parse(bytes, source);
        String external = ExternalData.firstExternal(proto.getGraph());
        if (external != null) {
            throw new InvalidModelException("'" + source + "' keeps tensor data in external files (" + external
                    + "): load it from its file (OnnxModel.load) so the data is read from the model's own folder");
        }
        return of(proto, source, sha256(bytes));
    }

    private static ModelProto parse(byte[] bytes, String source) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelException("'" + source + "' is not a readable ONNX model (truncated or not ONNX: "
                    + e.getMessage() + ")", e);
        }
    }

    /** Wraps an in-memory model (e.g. built by a test or a model builder) after validating it. */
    public static OnnxModel of(ModelProto proto, String source) {
        String external = ExternalData.firstExternal(proto.getGraph());
        if (external != null) {
            throw new InvalidModelException("'" + source + "' keeps tensor data in external files (" + external
                    + "): load it from its file (OnnxModel.load)");
        }
        return of(proto, source, sha256(proto.toByteArray()));
    }

    private static OnnxModel of(ModelProto proto, String source, String sha) {
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw new InvalidModelException("'" + source + "' is not a usable ONNX model: it has no graph nodes"
                    + " (truncated file or not an ONNX model)");
        }
        if (proto.getGraph().getOutputCount() == 0 || proto.getGraph().getInputCount() == 0) {
            throw new InvalidModelException("'" + source + "' has no graph inputs or outputs");
        }
        long opset = defaultOpset(proto);
        if (opset < MIN_OPSET) {
            throw new InvalidModelException("'" + source + "' uses ONNX opset " + opset + "; HeatBench needs opset "
                    + MIN_OPSET + " or later (re-export with torch.onnx.export(..., opset_version=13) or newer)");
        }
        return new OnnxModel(proto, source, sha);
    }

    private static long defaultOpset(ModelProto proto) {
        for (OperatorSetIdProto op : proto.getOpsetImportList()) {
            if (op.getDomain().isEmpty() || "ai.onnx".equals(op.getDomain())) {
                return op.getVersion();
            }
        }
        return -1;
    }

    /** @return the protobuf (immutable) */
    public ModelProto proto() {
        return proto;
    }

    /** @return the graph (immutable) */
    public GraphProto graph() {
        return proto.getGraph();
    }

    /** @return where the model came from, for messages and provenance */
    public String source() {
        return source;
    }

    /** @return hex SHA-256 of the serialized model, recorded in every result's provenance */
    public String sha256() {
        return sha256;
    }

    /** @return the default-domain opset version */
    public long opset() {
        return defaultOpset(proto);
    }

    /** @return initializers by name (unmodifiable) */
    public Map<String, TensorProto> initializers() {
        return initializers;
    }

    /**
     * @return the graph inputs that are fed at run time (inputs that are also initializers are excluded, as
     *     older exporters list weights among the inputs)
     */
    public List<ValueInfoProto> runtimeInputs() {
        List<ValueInfoProto> out = new ArrayList<>();
        for (ValueInfoProto v : graph().getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * @return the single runtime input's name
     * @throws InvalidModelException if the model has more than one runtime input
     */
    public String inputName() {
        List<ValueInfoProto> ins = runtimeInputs();
        if (ins.size() != 1) {
            throw new InvalidModelException("'" + source + "' has " + ins.size() + " runtime inputs "
                    + ins.stream().map(ValueInfoProto::getName).collect(Collectors.toList())
                    + "; attribution needs a model with exactly one input tensor");
        }
        return ins.get(0).getName();
    }

    /** @return output names in graph order */
    public List<String> outputNames() {
        return graph().getOutputList().stream().map(ValueInfoProto::getName).collect(Collectors.toList());
    }

    /**
     * The declared input shape: one entry per dimension, {@code -1} where the dimension is symbolic or unknown.
     */
    public long[] declaredInputShape() {
        String name = inputName();
        ValueInfoProto vi = runtimeInputs().get(0);
        if (!vi.getType().hasTensorType() || !vi.getType().getTensorType().hasShape()) {
            throw new InvalidModelException("input '" + name + "' of '" + source + "' has no declared shape");
        }
        List<TensorShapeProto.Dimension> dims = vi.getType().getTensorType().getShape().getDimList();
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
        }
        return out;
    }

    /** @return the set of operator types used by the graph */
    public Set<String> opTypes() {
        return graph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Returns a new model with the given graph and (at least) the given default-domain opset; metadata is kept.
     * The new model's SHA-256 is that of its own serialization.
     */
    public OnnxModel withGraph(GraphProto graph, long minOpset) {
        ModelProto.Builder b = proto.toBuilder().setGraph(graph);
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            OperatorSetIdProto op = b.getOpsetImport(i);
            if ((op.getDomain().isEmpty() || "ai.onnx".equals(op.getDomain())) && op.getVersion() < minOpset) {
                b.setOpsetImport(i, op.toBuilder().setVersion(minOpset));
            }
        }
        // ScatterElements(reduction=add) and friends need IR version >= 8
        if (b.getIrVersion() < 8) {
            b.setIrVersion(8);
        }
        return of(b.build(), source + " (rewritten)");
    }

    /** @return the serialized model */
    public byte[] toBytes() {
        return proto.toByteArray();
    }

    /** Writes the serialized model. */
    public void write(Path file) {
        try {
            Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model " + file, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + source + ", opset " + opset() + ", " + graph().getNodeCount() + " nodes, sha256 "
                + sha256.substring(0, 12) + "]";
    }
}
