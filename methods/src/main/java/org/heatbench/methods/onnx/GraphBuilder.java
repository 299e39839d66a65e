package org.heatbench.methods.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits ONNX nodes and constants with fresh, readable names (prefix {@code hb/}). Not thread-safe: one builder per
 * compilation.
 *
 * <p>Floating constants are emitted in the builder's element type (float32 normally, float64 when a model is
 * compiled in double precision for reference tests).
 */
public final class GraphBuilder {
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> constantCache = new HashMap<>();
    private final int floatType;
    private int counter;

    /**
     * @param existingNames names already used by the graph
     * @param floatType ONNX element type for floating constants ({@link TensorProtos#FLOAT} or {@link TensorProtos#DOUBLE})
     */
    public GraphBuilder(Set<String> existingNames, int floatType) {
        taken.addAll(existingNames);
        this.floatType = floatType;
    }

    /** @return the floating element type of emitted constants */
    public int floatType() {
        return floatType;
    }

    /** @return a fresh tensor name based on {@code hint} */
    public String fresh(String hint) {
        String base = "hb/" + hint.replaceAll("[^A-Za-z0-9_/.:-]", "_");
        String name = base;
        while (!taken.add(name)) {
            name = base + "_" + (++counter);
        }
        return name;
    }

    /** Emits a node with one output; returns the output's name. */
    public String op(String opType, String hint, List<String> inputs, AttributeProto... attrs) {
        return opN(opType, hint, inputs, 1, attrs)[0];
    }

    /** Emits a node with one output; returns the output's name. */
    public String op(String opType, String hint, String... inputs) {
        return opN(opType, hint, Arrays.asList(inputs), 1)[0];
    }

    /** Emits a node with {@code outputs} outputs; returns their names. */
    public String[] opN(String opType, String hint, List<String> inputs, int outputs, AttributeProto... attrs) {
        String[] outs = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            outs[i] = fresh(hint + (outputs > 1 ? "_" + i : ""));
        }
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh(hint + "/" + opType));
        n.addAllInput(inputs);
        for (String o : outs) {
            n.addOutput(o);
        }
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
        return outs;
    }

    /** Adds a pre-built node (its output names must be fresh). */
    public void add(NodeProto node) {
        for (String o : node.getOutputList()) {
            taken.add(o);
        }
        nodes.add(node);
    }

    /** An int64 constant (cached by value). */
    public String longs(long... values) {
        return longsShaped(new long[] {values.length}, values);
    }

    /** An int64 scalar constant (cached by value). */
    public String longScalar(long value) {
        return longsShaped(new long[0], new long[] {value});
    }

    private String longsShaped(long[] dims, long[] values) {
        String key = "L" + Arrays.toString(dims) + Arrays.toString(values);
        return constantCache.computeIfAbsent(key, k -> {
            String name = fresh("const_i64");
            initializers.add(TensorProtos.ofLongs(name, dims, values));
            return name;
        });
    }

    /** A floating scalar constant in the builder's element type (cached by value). */
    public String scalar(double value) {
        return floats(new long[0], new double[] {value});
    }

    /** A floating constant of the given shape in the builder's element type (cached by value). */
    public String floats(long[] dims, double[] values) {
        String key = "F" + Arrays.toString(dims) + Arrays.hashCode(values) + ":" + values.length
                + (values.length <= 16 ? Arrays.toString(values) : "");
        // large constants are not cached by hash alone: their names stay unique
        if (values.length > 16) {
            String name = fresh("const_f");
            initializers.add(TensorProtos.ofDoubles(name, floatType, dims, values));
            return name;
        }
        return constantCache.computeIfAbsent(key, k -> {
            String name = fresh("const_f");
            initializers.add(TensorProtos.ofDoubles(name, floatType, dims, values));
            return name;
        });
    }

    /** Adds an initializer built by the caller; returns its (fresh) name. */
    public String initializer(String hint, TensorProto t) {
        String name = fresh(hint);
        initializers.add(t.toBuilder().setName(name).build());
        return name;
    }

    /** @return the nodes emitted so far, in order */
    public List<NodeProto> nodes() {
        return List.copyOf(nodes);
    }

    /** @return the initializers emitted so far */
    public List<TensorProto> initializers() {
        return List.copyOf(initializers);
    }

    // ---- attributes --------------------------------------------------------------------------------------

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto attrInts(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    public static AttributeProto attrTensor(String name, TensorProto t) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    // ---- reading attributes of existing nodes ------------------------------------------------------------

    /** @return an int attribute or the default */
    public static long intAttr(NodeProto n, String name, long dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return dflt;
    }

    /** @return a float attribute or the default */
    public static float floatAttr(NodeProto n, String name, float dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getF();
            }
        }
        return dflt;
    }

    /** @return a string attribute or the default */
    public static String stringAttr(NodeProto n, String name, String dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getS().toStringUtf8();
            }
        }
        return dflt;
    }

    /** @return an ints attribute, or {@code null} when absent */
    public static long[] intsAttr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                long[] v = new long[a.getIntsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getInts(i);
                }
                return v;
            }
        }
        return null;
    }

    /** @return whether the node has the attribute */
    public static boolean hasAttr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return the node's name, or a description from its first output when unnamed */
    public static String nodeName(NodeProto n) {
        return n.getName().isEmpty() ? n.getOpType() + "->" + (n.getOutputCount() > 0 ? n.getOutput(0) : "?") : n.getName();
    }
}
