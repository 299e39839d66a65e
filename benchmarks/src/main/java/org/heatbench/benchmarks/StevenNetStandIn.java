package org.heatbench.benchmarks;

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
 * A StevenNet-shaped ONNX model with random weights, for timing only (the trained StevenNet regressors are another
 * issue's work): the layer shapes of {@code ../shared/docs/reference-study.md} — Conv1d(12→64, k 8, PyTorch 'same'
 * padding 3/4) → BN → ReLU → Conv1d(64→32, k 3) → BN → ReLU → AvgPool(2) (600 → 300) → 8 residual modules
 * [Conv1d(32→64, k 50, pads 24/25) → BN → ReLU → Conv1d(64→32, k 50) → BN → ReLU → + input] → global average pool
 * → Linear(32 → 1). 1.65 M parameters, ≈ 998 MFLOP per 12 × 600 ECG (multiply-adds counted twice). Input {@code ecg}
 * [N, 12, 600], output {@code y} [N, 1]. Weights: He-uniform, BatchNormalization at identity statistics (ONNX
 * Runtime folds it into the convolutions, as for a trained model).
 */
final class StevenNetStandIn {
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("stevennet-stand-in");
    private final UniformRandomProvider rng;
    private int counter;

    private StevenNetStandIn(long seed) {
        this.rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
    }

    static OnnxModel build(long seed) {
        StevenNetStandIn b = new StevenNetStandIn(seed);
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(12))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(600));
        b.g.addInput(ValueInfoProto.newBuilder().setName("ecg").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT).setShape(shape))));
        String x = b.convBnRelu("ecg", 12, 64, 8);
        x = b.convBnRelu(x, 64, 32, 3);
        x = b.op("AveragePool", List.of(x), GraphBuilder.attrInts("kernel_shape", 2),
                GraphBuilder.attrInts("strides", 2));
        for (int m = 0; m < 8; m++) {
            String h = b.convBnRelu(x, 32, 64, 50);
            h = b.convBnRelu(h, 64, 32, 50);
            x = b.op("Add", List.of(h, x));
        }
        String gap = b.op("GlobalAveragePool", List.of(x));
        String flat = b.op("Flatten", List.of(gap));
        String w = b.weight(new long[] {1, 32}, 32);
        String bias = b.constant(new long[] {1}, 0f);
        String y = b.op("Gemm", List.of(flat, w, bias), GraphBuilder.attr("transB", 1L));
        b.g.addNode(NodeProto.newBuilder().setOpType("Identity").setName("out").addInput(y).addOutput("y"));
        b.g.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT))));
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("heatbench-benchmarks")
                .setGraph(b.g).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        return OnnxModel.of(model, "stevennet-stand-in (random weights)");
    }

    private String convBnRelu(String in, int cin, int cout, int k) {
        String w = weight(new long[] {cout, cin, k}, cin * k);
        String bias = constant(new long[] {cout}, 0f);
        long left = (k - 1) / 2;
        long right = k - 1 - left;
        String c = op("Conv", List.of(in, w, bias), GraphBuilder.attrInts("pads", left, right));
        String bn = op("BatchNormalization", List.of(c, constant(new long[] {cout}, 1f),
                constant(new long[] {cout}, 0f), constant(new long[] {cout}, 0f), constant(new long[] {cout}, 1f)));
        return op("Relu", List.of(bn));
    }

    private String weight(long[] dims, int fanIn) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        double bound = Math.sqrt(6.0 / fanIn);
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        String name = "w" + counter++;
        g.addInitializer(TensorProtos.ofFloats(name, dims, v));
        return name;
    }

    private String constant(long[] dims, float value) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        String name = "c" + counter++;
        g.addInitializer(TensorProtos.ofFloats(name, dims, v));
        return name;
    }

    private String op(String type, List<String> inputs, AttributeProto... attrs) {
        String out = "t" + counter++;
        g.addNode(NodeProto.newBuilder().setOpType(type).setName(type + "_" + out).addAllInput(inputs).addOutput(out)
                .addAllAttribute(List.of(attrs)));
        return out;
    }
}
