package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Builds small ONNX test models with the raw protobuf builders: one input {@code x} of shape {@code [N, item...]}
 * (symbolic batch), seeded random weights in the graph's floating type, nodes named after their op type.
 */
public final class TestGraph {
    public static final String INPUT = "x";

    private final int type;
    private final SplittableRandom rng;
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("test");
    private int counter;
    private long opset = 17;

    /**
     * @param type {@link TensorProtos#FLOAT} or {@link TensorProtos#DOUBLE}: the input's and weights' element type
     * @param seed seed of the weights
     */
    public TestGraph(int type, long seed, long... itemShape) {
        this.type = type;
        this.rng = new SplittableRandom(seed);
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : itemShape) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        g.addInput(ValueInfoProto.newBuilder().setName(INPUT).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))));
    }

    public String input() {
        return INPUT;
    }

    public TestGraph opset(long v) {
        opset = v;
        return this;
    }

    /** A weight with values uniform in [-scale, scale]. */
    public String weight(double scale, long... dims) {
        double[] v = new double[Math.toIntExact(Arrays.stream(dims).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextDouble() * 2 - 1) * scale;
        }
        return constant(dims, v);
    }

    /** A weight with values uniform in [lo, hi] (e.g. positive variances, divisors away from zero). */
    public String weightIn(double lo, double hi, long... dims) {
        double[] v = new double[Math.toIntExact(Arrays.stream(dims).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + rng.nextDouble() * (hi - lo);
        }
        return constant(dims, v);
    }

    /** A floating initializer in the graph's type. */
    public String constant(long[] dims, double... values) {
        String name = "w" + (counter++);
        g.addInitializer(TensorProtos.ofDoubles(name, type, dims, values));
        return name;
    }

    /** A floating scalar initializer. */
    public String scalar(double v) {
        return constant(new long[0], v);
    }

    /** A 1-D int64 initializer. */
    public String longs(long... values) {
        String name = "i" + (counter++);
        g.addInitializer(TensorProtos.ofLongs(name, new long[] {values.length}, values));
        return name;
    }

    /** An int64 initializer of any shape. */
    public String longsShaped(long[] dims, long... values) {
        String name = "i" + (counter++);
        g.addInitializer(TensorProtos.ofLongs(name, dims, values));
        return name;
    }

    /** A node with one output; an empty input name means an omitted optional input. */
    public String op(String opType, List<String> inputs, AttributeProto... attrs) {
        return opN(opType, inputs, 1, attrs)[0];
    }

    public String op(String opType, String... inputs) {
        return op(opType, List.of(inputs));
    }

    public String[] opN(String opType, List<String> inputs, int outputs, AttributeProto... attrs) {
        int id = counter++;
        String[] outs = new String[outputs];
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + id).addAllInput(inputs)
                .addAllAttribute(List.of(attrs));
        for (int i = 0; i < outputs; i++) {
            outs[i] = "t" + id + (outputs > 1 ? "_" + i : "");
            n.addOutput(outs[i]);
        }
        g.addNode(n);
        return outs;
    }

    /** Declares a graph output of the graph's floating type. */
    public TestGraph output(String name) {
        return output(name, type);
    }

    public TestGraph output(String name, int elemType) {
        g.addOutput(ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType))));
        return this;
    }

    public OnnxModel build(String name) {
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setProducerName("heatbench-test").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        return OnnxModel.of(m, name);
    }

    // short-hands for attributes
    public static AttributeProto i(String name, long v) {
        return GraphBuilder.attr(name, v);
    }

    public static AttributeProto f(String name, double v) {
        return GraphBuilder.attr(name, (float) v);
    }

    public static AttributeProto s(String name, String v) {
        return GraphBuilder.attr(name, v);
    }

    public static AttributeProto ints(String name, long... v) {
        return GraphBuilder.attrInts(name, v);
    }
}
