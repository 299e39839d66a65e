package org.heatbench.perturbation;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Small ONNX models for the tests, built with the raw protobuf builders: input {@code ecg} [N, leads, samples]
 * (symbolic batch), output {@code y} [N, 1], float32, seeded weights.
 */
public final class TestModels {
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("test");
    private int counter;

    private TestModels(long leads, long samples) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(leads))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(samples));
        g.addInput(ValueInfoProto.newBuilder().setName("ecg").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT).setShape(shape))));
    }

    private String weight(long[] dims, float[] v) {
        String name = "w" + (counter++);
        g.addInitializer(TensorProtos.ofFloats(name, dims, v));
        return name;
    }

    private String op(String type, List<String> inputs, AttributeProto... attrs) {
        String out = "t" + (counter++);
        g.addNode(NodeProto.newBuilder().setOpType(type).setName(type + "_" + counter).addAllInput(inputs)
                .addOutput(out).addAllAttribute(List.of(attrs)));
        return out;
    }

    private OnnxModel build(String last, String name) {
        g.addNode(NodeProto.newBuilder().setOpType("Identity").setName("out").addInput(last).addOutput("y"));
        g.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT))));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setProducerName("heatbench-test").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        return OnnxModel.of(m, name);
    }

    private static float[] uniform(UniformRandomProvider r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    /**
     * A small CNN: Conv(leads → 4, k = 5, pads 2) → Relu → Conv(4 → 4, k = 3, pads 1) → Relu → GlobalAveragePool →
     * Flatten → Gemm(4 → 1).
     */
    public static OnnxModel smallCnn(int leads, int samples, long seed) {
        UniformRandomProvider r = RandomSource.XO_SHI_RO_256_PP.create(seed);
        TestModels t = new TestModels(leads, samples);
        String w1 = t.weight(new long[] {4, leads, 5}, uniform(r, 4 * leads * 5, 0.05));
        String b1 = t.weight(new long[] {4}, uniform(r, 4, 0.1));
        String c1 = t.op("Conv", List.of("ecg", w1, b1), GraphBuilder.attrInts("pads", 2, 2));
        String r1 = t.op("Relu", List.of(c1));
        String w2 = t.weight(new long[] {4, 4, 3}, uniform(r, 48, 0.5));
        String b2 = t.weight(new long[] {4}, uniform(r, 4, 0.1));
        String c2 = t.op("Conv", List.of(r1, w2, b2), GraphBuilder.attrInts("pads", 1, 1));
        String r2 = t.op("Relu", List.of(c2));
        String gap = t.op("GlobalAveragePool", List.of(r2));
        String flat = t.op("Flatten", List.of(gap));
        String w3 = t.weight(new long[] {4, 1}, uniform(r, 4, 1.0));
        String b3 = t.weight(new long[] {1}, new float[] {100f});
        String y = t.op("Gemm", List.of(flat, w3, b3));
        return t.build(y, "small-cnn-" + leads + "x" + samples);
    }

    /** A linear model y = Σ w ⊙ x + 0: Flatten → MatMul([leads·samples, 1]). */
    public static OnnxModel linear(int leads, int samples, float[] weights) {
        TestModels t = new TestModels(leads, samples);
        String flat = t.op("Flatten", List.of("ecg"));
        String w = t.weight(new long[] {(long) leads * samples, 1}, weights);
        String y = t.op("MatMul", List.of(flat, w));
        return t.build(y, "linear-" + leads + "x" + samples);
    }

    /** y = log(x[0, 0] + c) per record: NaN once the first value drops below −c. */
    public static OnnxModel logOfFirst(int leads, int samples, float c) {
        TestModels t = new TestModels(leads, samples);
        String flat = t.op("Flatten", List.of("ecg"));
        float[] w = new float[leads * samples];
        w[0] = 1;
        String m = t.op("MatMul", List.of(flat, t.weight(new long[] {(long) leads * samples, 1}, w)));
        String shifted = t.op("Add", List.of(m, t.weight(new long[] {1}, new float[] {c})));
        String y = t.op("Log", List.of(shifted));
        return t.build(y, "log-of-first");
    }
}
