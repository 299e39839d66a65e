package org.heatbench.training;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Builds StevenNet-family networks ({@link Architecture}) as ONNX graphs (opset 17), in two forms that share every
 * parameter name:
 *
 * <ul>
 *   <li>{@link #inference}: the exported model — input {@value #INPUT} [N, leads, samples] in µV, output
 *       {@value #OUTPUT} [N, 1] in the target's unit; input scaling and target de-normalisation are graph nodes;
 *       BatchNormalization in inference mode with the running statistics; parameters are initializers (or, with
 *       {@code parametersAsInputs}, graph inputs, which is how the trainer evaluates without rebuilding).</li>
 *   <li>{@link #training}: the training graph — input {@value #BATCH} [N, leads·samples + outputs] (each row the
 *       flattened µV signal followed by the normalised target, or a classifier's 0/1 labels), output {@value #LOSS}
 *       [1, 1] = the {@link Loss} (mean squared error on the normalised scale, or binary cross-entropy with logits); BatchNormalization in training mode (Ioffe &amp; Szegedy 2015) written out as
 *       primitive operators over the batch statistics (mean and biased variance over N and time), whose batch
 *       means and variances are extra outputs for the running-statistics update. ONNX Runtime's inference build
 *       has no training-mode BatchNormalization kernel, and the primitives get exact gradients from the existing
 *       rules.</li>
 *   <li>{@link #classifier}: the exported multi-label classifier — output {@value #LOGIT} [N, outputs].</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class StevenNet {
    /** Input of the inference model. */
    public static final String INPUT = "ecg";
    /** Output of the inference model. */
    public static final String OUTPUT = "prediction";
    /** Output of the exported classifier ({@link #classifier}). */
    public static final String LOGIT = "logit";
    /** Input of the training graph. */
    public static final String BATCH = "batch";
    /** Loss output of the training graph. */
    public static final String LOSS = "loss";
    /** Opset of the built graphs. */
    public static final long OPSET = 17;

    private StevenNet() {
    }

    /** @return the tensors of {@code arch}, in graph order */
    public static List<Parameters.Spec> specs(Architecture arch) {
        List<Parameters.Spec> s = new ArrayList<>();
        conv(s, "init.conv1", arch.leads(), arch.initMid(), arch.initKernel1());
        bn(s, "init.bn1", arch.initMid());
        conv(s, "init.conv2", arch.initMid(), arch.initOut(), arch.initKernel2());
        bn(s, "init.bn2", arch.initOut());
        for (int b = 0; b < arch.blocks(); b++) {
            conv(s, "block" + b + ".conv1", arch.initOut(), arch.blockMid(), arch.blockKernel());
            bn(s, "block" + b + ".bn1", arch.blockMid());
            conv(s, "block" + b + ".conv2", arch.blockMid(), arch.initOut(), arch.blockKernel());
            bn(s, "block" + b + ".bn2", arch.initOut());
        }
        s.add(new Parameters.Spec("fc.weight", new long[] {arch.outputs(), arch.initOut()}, Parameters.Kind.WEIGHT,
                arch.initOut()));
        s.add(new Parameters.Spec("fc.bias", new long[] {arch.outputs()}, Parameters.Kind.BIAS, arch.initOut()));
        return s;
    }

    private static void conv(List<Parameters.Spec> s, String name, int in, int out, int k) {
        s.add(new Parameters.Spec(name + ".weight", new long[] {out, in, k}, Parameters.Kind.WEIGHT, (long) in * k));
        s.add(new Parameters.Spec(name + ".bias", new long[] {out}, Parameters.Kind.BIAS, (long) in * k));
    }

    private static void bn(List<Parameters.Spec> s, String name, int c) {
        s.add(new Parameters.Spec(name + ".scale", new long[] {c}, Parameters.Kind.BN_SCALE, 0));
        s.add(new Parameters.Spec(name + ".shift", new long[] {c}, Parameters.Kind.BN_SHIFT, 0));
        s.add(new Parameters.Spec(name + ".mean", new long[] {c}, Parameters.Kind.BN_MEAN, 0));
        s.add(new Parameters.Spec(name + ".var", new long[] {c}, Parameters.Kind.BN_VAR, 0));
    }

    /** The BatchNormalization layers' name prefixes (e.g. {@code block3.bn1}), in order. */
    public static List<String> batchNormLayers(Architecture arch) {
        List<String> l = new ArrayList<>(List.of("init.bn1", "init.bn2"));
        for (int b = 0; b < arch.blocks(); b++) {
            l.add("block" + b + ".bn1");
            l.add("block" + b + ".bn2");
        }
        return l;
    }

    /**
     * A training graph and the names of its extra outputs.
     *
     * @param model the graph, parameters (trainable and running statistics) as initializers
     * @param batchStats per BatchNormalization layer prefix, the output names of its batch mean and biased batch
     *     variance, each [1, C, 1]
     * @param prediction the normalised prediction tensor [N, 1]
     */
    public record TrainingGraph(OnnxModel model, Map<String, String[]> batchStats, String prediction) {
    }

    /** The inference (exported) model with parameters as initializers. */
    public static OnnxModel inference(Architecture arch, Parameters params, Normalization norm,
            Map<String, String> metadata) {
        return inference(arch, params, norm, metadata, false);
    }

    /**
     * The inference model.
     *
     * @param parametersAsInputs parameters become graph inputs (fed at run time) instead of initializers
     */
    public static OnnxModel inference(Architecture arch, Parameters params, Normalization norm,
            Map<String, String> metadata, boolean parametersAsInputs) {
        Emitter e = new Emitter(arch, params, false);
        String x = e.b.op("Mul", "input_scale", INPUT, e.b.scalar(norm.inputScale()));
        String z = e.network(x);
        String y = e.b.op("Add", "denormalise", e.b.op("Mul", "target_scale", z, e.b.scalar(norm.targetStd())),
                e.b.scalar(norm.targetMean()));
        e.b.add(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(y)
                .addOutput(OUTPUT).build());
        GraphProto.Builder g = e.graph("heatbench-" + arch.name());
        g.addInput(input(INPUT, dims(-1, arch.leads(), arch.samples())));
        g.addOutput(input(OUTPUT, dims(-1, arch.outputs())));
        addParameters(g, params, params.specs().stream().map(Parameters.Spec::name).toList(), parametersAsInputs);
        return model(g.build(), metadata, arch.name());
    }

    /**
     * The exported multi-label classifier: input {@value #INPUT} [N, leads, samples] µV (× {@code inputScale} in the
     * graph), output {@value #LOGIT} [N, outputs], one logit per label; the probability of label k is σ(logit_k)
     * (the model card and the metadata {@code heatbench.activation = sigmoid} say so). Logits, not probabilities,
     * are exported so the perturbation curves and the ranking metrics see no float32 saturation of σ and a study
     * target reads them with {@code activation: sigmoid}.
     */
    public static OnnxModel classifier(Architecture arch, Parameters params, double inputScale,
            Map<String, String> metadata) {
        Emitter e = new Emitter(arch, params, false);
        String z = e.network(e.b.op("Mul", "input_scale", INPUT, e.b.scalar(inputScale)));
        e.b.add(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(z)
                .addOutput(LOGIT).build());
        GraphProto.Builder g = e.graph("heatbench-" + arch.name() + "-classifier");
        g.addInput(input(INPUT, dims(-1, arch.leads(), arch.samples())));
        g.addOutput(input(LOGIT, dims(-1, arch.outputs())));
        addParameters(g, params, params.specs().stream().map(Parameters.Spec::name).toList(), false);
        return model(g.build(), metadata, arch.name());
    }

    /**
     * The training graph (see the class comment) with the default input scale; parameters are initializers so the
     * compiler can analyse it.
     */
    public static TrainingGraph training(Architecture arch, Parameters params) {
        return training(arch, params, Normalization.DEFAULT_INPUT_SCALE);
    }

    /** The training graph with the given µV → network-input factor. */
    public static TrainingGraph training(Architecture arch, Parameters params, double inputScale) {
        return training(arch, params, inputScale, Loss.MSE);
    }

    /**
     * The training graph with the given µV → network-input factor and loss; each {@value #BATCH} row holds the
     * flattened signal followed by {@code arch.outputs()} targets (standardised values or 0/1 labels).
     */
    public static TrainingGraph training(Architecture arch, Parameters params, double inputScale, Loss loss) {
        Emitter e = new Emitter(arch, params, true);
        long flat = (long) arch.leads() * arch.samples();
        String sig = e.b.op("Slice", "signal_flat", BATCH, e.b.longs(0), e.b.longs(flat), e.b.longs(1));
        String ecg = e.b.op("Reshape", "signal", sig, e.b.longs(-1, arch.leads(), arch.samples()));
        String t = e.b.op("Slice", "target", BATCH, e.b.longs(flat), e.b.longs(flat + arch.outputs()),
                e.b.longs(1));
        String z = e.network(e.b.op("Mul", "input_scale", ecg, e.b.scalar(inputScale)));
        String l = loss.emit(e.b, z, t);
        e.b.add(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("loss").addInput(l)
                .addOutput(LOSS).build());
        GraphProto.Builder g = e.graph("heatbench-" + arch.name() + "-training");
        g.addInput(input(BATCH, dims(-1, flat + arch.outputs())));
        g.addOutput(input(LOSS, dims(1, 1)));
        addParameters(g, params, params.trainableNames(), false);
        return new TrainingGraph(model(g.build(), Map.of(), arch.name() + "-training"), e.stats, z);
    }

    private static void addParameters(GraphProto.Builder g, Parameters params, List<String> names, boolean asInputs) {
        for (String n : names) {
            Parameters.Spec s = params.spec(n);
            if (asInputs) {
                g.addInput(input(n, s.shape()));
            } else {
                g.addInitializer(TensorProtos.ofFloats(n, s.shape(), params.values(n)));
            }
        }
    }

    /** Moves the named initializers of {@code m} to graph inputs (fed at run time), keeping everything else. */
    public static OnnxModel initializersToInputs(OnnxModel m, List<String> names) {
        GraphProto.Builder g = m.graph().toBuilder().clearInitializer();
        HashSet<String> set = new HashSet<>(names);
        for (TensorProto t : m.graph().getInitializerList()) {
            if (set.contains(t.getName())) {
                g.addInput(input(t.getName(), TensorProtos.dims(t)));
            } else {
                g.addInitializer(t);
            }
        }
        return m.withGraph(g.build(), m.opset());
    }

    static long[] dims(long... d) {
        return d;
    }

    static ValueInfoProto input(String name, long[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT).setShape(shape))).build();
    }

    private static OnnxModel model(GraphProto g, Map<String, String> metadata, String source) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName("heatbench")
                .setProducerVersion(HeatBenchVersion.get()).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return OnnxModel.of(m.build(), source);
    }

    /** Emits the network's nodes into a {@link GraphBuilder}. */
    private static final class Emitter {
        final Architecture arch;
        final boolean training;
        final GraphBuilder b;
        final Map<String, String[]> stats = new LinkedHashMap<>();

        Emitter(Architecture arch, Parameters params, boolean training) {
            this.arch = arch;
            this.training = training;
            HashSet<String> taken = new HashSet<>(params.all().keySet());
            taken.addAll(List.of(INPUT, OUTPUT, LOGIT, BATCH, LOSS));
            this.b = new GraphBuilder(taken, TensorProtos.FLOAT);
        }

        GraphProto.Builder graph(String name) {
            return GraphProto.newBuilder().setName(name).addAllNode(b.nodes()).addAllInitializer(b.initializers());
        }

        String network(String x) {
            String h = module(x, "init", arch.initMid(), arch.initKernel1(), arch.initKernel2(), false);
            h = b.op("AveragePool", "avgpool", List.of(h), GraphBuilder.attrInts("kernel_shape", 2),
                    GraphBuilder.attrInts("strides", 2));
            for (int i = 0; i < arch.blocks(); i++) {
                h = module(h, "block" + i, arch.blockMid(), arch.blockKernel(), arch.blockKernel(), true);
            }
            String gap = b.op("GlobalAveragePool", "gap", h);
            String flat = b.op("Flatten", "flatten", List.of(gap), GraphBuilder.attr("axis", 1L));
            return b.op("Gemm", "fc", List.of(flat, "fc.weight", "fc.bias"), GraphBuilder.attr("transB", 1L));
        }

        String module(String x, String name, int mid, int k1, int k2, boolean residual) {
            String h = conv(x, name + ".conv1", k1);
            h = b.op("Relu", name + ".relu1", batchNorm(h, name + ".bn1"));
            h = conv(h, name + ".conv2", k2);
            h = b.op("Relu", name + ".relu2", batchNorm(h, name + ".bn2"));
            return residual ? b.op("Add", name + ".add", h, x) : h;
        }

        String conv(String x, String name, int k) {
            return b.op("Conv", name, List.of(x, name + ".weight", name + ".bias"),
                    GraphBuilder.attrInts("kernel_shape", k), GraphBuilder.attrInts("pads", Architecture.samePads(k)));
        }

        String batchNorm(String x, String name) {
            if (!training) {
                return b.op("BatchNormalization", name, List.of(x, name + ".scale", name + ".shift", name + ".mean",
                        name + ".var"), GraphBuilder.attr("epsilon", (float) Architecture.BN_EPSILON));
            }
            // batch statistics over N and time: y = (x − μ_B) / √(σ²_B + ε) · γ + β
            String mean = b.op("ReduceMean", name + ".batch_mean", List.of(x), GraphBuilder.attrInts("axes", 0, 2),
                    GraphBuilder.attr("keepdims", 1L));
            String xc = b.op("Sub", name + ".centred", x, mean);
            String var = b.op("ReduceMean", name + ".batch_var", List.of(b.op("Mul", name + ".sq", xc, xc)),
                    GraphBuilder.attrInts("axes", 0, 2), GraphBuilder.attr("keepdims", 1L));
            String std = b.op("Sqrt", name + ".std", b.op("Add", name + ".var_eps", var,
                    b.scalar(Architecture.BN_EPSILON)));
            String xh = b.op("Div", name + ".normalised", xc, std);
            String g = b.op("Reshape", name + ".scale_c", name + ".scale", b.longs(-1, 1));
            String s = b.op("Reshape", name + ".shift_c", name + ".shift", b.longs(-1, 1));
            stats.put(name, new String[] {mean, var});
            return b.op("Add", name + ".out", b.op("Mul", name + ".scaled", xh, g), s);
        }
    }
}
