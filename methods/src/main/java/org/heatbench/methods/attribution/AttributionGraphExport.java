package org.heatbench.methods.attribution;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.modified.DeepLift;
import org.heatbench.methods.modified.LrpRules;
import org.heatbench.methods.modified.ModifiedRules;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * A method's compiled attribution graph as a standalone ONNX model, for runtimes without Java (Python, C++, ONNX
 * Runtime CUDA, TensorRT).
 *
 * <p>Inputs: the ECG batch under the model's own input name, [N, item...] (float32, symbolic N); for
 * {@code smoothgrad} also {@code noise} [samples, N, item...], standard normal draws that the graph scales by the
 * method's σ (absolute, or relative to each record's max − min); for {@code gradient_shap} {@code noise},
 * {@code baselines} [samples, N, item...] (the baseline drawn per sample and record) and {@code alpha} [samples, N].
 * Output: {@code attribution} [N, item...], equal to
 * what {@code heatbench attribute} computes (up to float32 summation order: integrated gradients accumulate in
 * float32 here, in float64 in Java). Exported: saliency, input_x_gradient, integrated_gradients (constant
 * baseline), smoothgrad, guided_backprop, deconvolution, lrp, deeplift (constant baseline, its activations embedded).
 * Other methods are refused with the list.
 *
 * <p>The gradient graph runs on "rows": the batch itself, or for the sampling methods all samples × records stacked
 * sample-major ([S·N, item...]); the original input tensor is renamed so that the rows feed it.
 */
public final class AttributionGraphExport {
    /** The methods that can be exported. */
    public static final List<String> EXPORTABLE = List.of("saliency", "input_x_gradient", "integrated_gradients",
            "smoothgrad", "gradient_shap", "guided_backprop", "deconvolution", "lrp", "deeplift");
    /** The output's name. */
    public static final String OUTPUT = "attribution";
    /** The noise input of {@code smoothgrad} and {@code gradient_shap}: standard normal [S, N, item...]. */
    public static final String NOISE = "noise";
    /** The baselines input of {@code gradient_shap}: the baseline drawn for each sample and record [S, N, item...]. */
    public static final String BASELINES = "baselines";
    /** The interpolation input of {@code gradient_shap}: α ~ U(0, 1) per sample and record [S, N]. */
    public static final String ALPHA = "alpha";

    private AttributionGraphExport() {
    }

    /**
     * @param spec a canonical method spec (resolved by a registry)
     * @throws ConfigurationException for a method that cannot be exported
     */
    public static OnnxModel export(MethodSpec spec, OnnxModel model, AttributionTarget target) {
        String name = spec.name();
        if (!EXPORTABLE.contains(name)) {
            throw new ConfigurationException("method '" + name + "' cannot be exported as a standalone graph yet; "
                    + "exportable methods: " + EXPORTABLE);
        }
        if (name.equals("deeplift")) {
            // the baseline's activations are constants of the graph; attribution = (x − x₀) ⊙ m
            DeepLift.Compiled d = DeepLift.of(spec).compileGraph(model, target);
            return new Builder(spec, d.graph(), target, d.baseline()).build();
        }
        RuleSet rules = switch (name) {
            case "guided_backprop" -> ModifiedRules.guidedBackprop();
            case "deconvolution" -> ModifiedRules.deconvolution();
            case "lrp" -> LrpRules.of(spec.getDouble("epsilon"), spec.get("input_rule").equals("sign")
                    ? LrpRules.InputRule.SIGN : LrpRules.InputRule.NONE, spec.getDouble("mu"),
                    spec.get("attention").equals("cp") ? LrpRules.AttentionRule.CP : LrpRules.AttentionRule.ATTNLRP);
            default -> RuleSet.gradient();
        };
        GradientRequest request = new GradientRequest(target.outputIndex(), target.target(), List.of());
        if (name.equals("lrp")) {
            request = request.withFoldBatchNorm(spec.getBoolean("fold_bn"));
        }
        CompiledGradient cg = new BackwardCompiler(rules).compile(model, target.itemShape(), request);
        return new Builder(spec, cg, target, null).build();
    }

    /** Assembles one export. */
    private static final class Builder {
        private final MethodSpec spec;
        private final CompiledGradient cg;
        private final long[] item;
        private final String input;
        private final String rows;
        private final GraphBuilder b;
        private final long target;
        private final float[] baseline;

        Builder(MethodSpec spec, CompiledGradient cg, AttributionTarget target, float[] baseline) {
            this.baseline = baseline;
            this.spec = spec;
            this.target = target.target();
            this.cg = cg;
            this.item = target.itemShape();
            this.input = cg.inputName();
            Set<String> names = new java.util.HashSet<>();
            for (NodeProto n : cg.model().graph().getNodeList()) {
                names.addAll(n.getOutputList());
                names.add(n.getName());
            }
            names.addAll(cg.model().initializers().keySet());
            names.add(input);
            names.add(OUTPUT);
            names.add(NOISE);
            names.add(BASELINES);
            names.add(ALPHA);
            this.b = new GraphBuilder(names, TensorProtos.FLOAT);
            this.rows = b.fresh("export/rows");
        }

        OnnxModel build() {
            String x = input;
            String attribution = switch (spec.name()) {
                case "input_x_gradient" -> b.op("Mul", "export/ixg", x, gradientOfRows(x));
                case "integrated_gradients" -> integratedGradients(x);
                case "smoothgrad" -> smoothGrad(x);
                case "gradient_shap" -> gradientShap(x);
                case "lrp" -> b.op("Mul", "export/lrp", gradientOfRows(x), targetValue());
                case "deeplift" -> spec.getBoolean("multiply_by_inputs") ? b.op("Mul", "export/deeplift",
                        gradientOfRows(x), b.op("Sub", "export/dl_delta", x, baselineConstant())) : gradientOfRows(x);
                case "saliency" -> spec.getBoolean("abs") ? b.op("Abs", "export/abs", gradientOfRows(x))
                        : gradientOfRows(x);
                default -> gradientOfRows(x);
            };
            b.add(NodeProto.newBuilder().setOpType("Identity").setName("export/output").addInput(attribution)
                    .addOutput(OUTPUT).build());
            GraphProto g = cg.model().graph();
            List<NodeProto> nodes = new ArrayList<>();
            for (NodeProto n : g.getNodeList()) {
                NodeProto.Builder nb = n.toBuilder();
                for (int i = 0; i < nb.getInputCount(); i++) {
                    if (nb.getInput(i).equals(input)) {
                        nb.setInput(i, rows);
                    }
                }
                nodes.add(nb.build());
            }
            ValueInfoProto in = cg.model().runtimeInputs().get(0);
            GraphProto.Builder out = g.toBuilder().clearNode().addAllNode(builderNodesFirst(nodes))
                    .addAllInitializer(b.initializers()).clearInput().addInput(in).clearOutput()
                    .addOutput(valueInfo(OUTPUT, 0)).clearValueInfo();
            if (spec.name().equals("smoothgrad") || spec.name().equals("gradient_shap")) {
                out.addInput(valueInfo(NOISE, 1));
            }
            if (spec.name().equals("gradient_shap")) {
                out.addInput(valueInfo(BASELINES, 1));
                out.addInput(alphaInfo());
            }
            return cg.model().withGraph(out.setName("heatbench-" + spec.name()).build(), cg.model().opset());
        }

        /** The rows (and target values) are computed before the compiled graph, the post-processing after it. */
        private List<NodeProto> builderNodesFirst(List<NodeProto> compiled) {
            List<NodeProto> pre = new ArrayList<>();
            List<NodeProto> post = new ArrayList<>();
            boolean beforeRows = true;
            for (NodeProto n : b.nodes()) {
                (beforeRows ? pre : post).add(n);
                if (n.getOutputList().contains(rows)) {
                    beforeRows = false;
                }
            }
            List<NodeProto> all = new ArrayList<>(pre);
            all.addAll(compiled);
            all.addAll(post);
            return all;
        }

        /** Rows = the batch itself; returns the input gradient of the rows. */
        private String gradientOfRows(String x) {
            b.add(NodeProto.newBuilder().setOpType("Identity").setName(rows + "/Identity").addInput(x)
                    .addOutput(rows).build());
            return cg.inputGradName();
        }

        /** f(x)[target] per record, shaped [N, 1, ...] to broadcast over the item. */
        private String targetValue() {
            String flat = b.op("Flatten", "export/y_flat", List.of(cg.outputName()), GraphBuilder.attr("axis", 1L));
            String t = b.op("Gather", "export/y_target", List.of(flat, b.longs(target)), GraphBuilder.attr("axis", 1L));
            long[] shape = new long[item.length + 1];
            shape[0] = -1;
            java.util.Arrays.fill(shape, 1, shape.length, 1);
            return b.op("Reshape", "export/y_shape", t, b.longs(shape));
        }

        /** x₀ as a [1, item...] constant. */
        private String baselineConstant() {
            long[] dims = new long[item.length + 1];
            dims[0] = 1;
            System.arraycopy(item, 0, dims, 1, item.length);
            double[] v = new double[baseline.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = baseline[i];
            }
            return b.floats(dims, v);
        }

        /** [S, 1, 1, ...] constant. */
        private String perSample(double[] v) {
            long[] dims = new long[item.length + 2];
            java.util.Arrays.fill(dims, 1);
            dims[0] = v.length;
            return b.floats(dims, v);
        }

        /** [S, N, item...] → [S·N, item...] as the rows; returns the gradient reshaped back to [S, N, item...]. */
        private String gradientOfStacked(String stacked, String x) {
            long[] flat = new long[item.length + 1];
            flat[0] = -1;
            System.arraycopy(item, 0, flat, 1, item.length);
            b.add(NodeProto.newBuilder().setOpType("Reshape").setName(rows + "/Reshape").addInput(stacked)
                    .addInput(b.longs(flat)).addOutput(rows).build());
            String shape = b.op("Shape", "export/stacked_shape", stacked);
            return b.op("Reshape", "export/grad_stacked", cg.inputGradName(), shape);
        }

        private String integratedGradients(String x) {
            Quadrature q = Quadrature.of(spec.get("rule"), spec.getInt("steps"));
            double x0 = spec.getDouble("baseline");
            String base = b.scalar(x0);
            String delta = b.op("Sub", "export/ig_delta", x, base);
            String scaled = b.op("Mul", "export/ig_scaled", b.op("Unsqueeze", "export/ig_x", delta, b.longs(0)),
                    perSample(q.alphas()));
            String stacked = b.op("Add", "export/ig_points", scaled, base);
            String g = gradientOfStacked(stacked, x);
            String weighted = b.op("Mul", "export/ig_weighted", g, perSample(q.weights()));
            String sum = b.op("ReduceSum", "export/ig_sum", List.of(weighted, b.longs(0)),
                    GraphBuilder.attr("keepdims", 0L));
            return spec.getBoolean("multiply_by_inputs") ? b.op("Mul", "export/ig", sum, delta) : sum;
        }

        /** x̃ = x + σ·noise; rows α·x̃ + (1 − α)·b; mean over samples of ∇ ⊙ (x̃ − b) (or ∇ alone). */
        private String gradientShap(String x) {
            String noisy = b.op("Add", "export/gs_noisy", b.op("Unsqueeze", "export/gs_x", x, b.longs(0)),
                    b.op("Mul", "export/gs_noise", NOISE, sigma(x)));
            long[] trailing = new long[item.length];
            for (int i = 0; i < trailing.length; i++) {
                trailing[i] = i + 2;
            }
            String a = b.op("Unsqueeze", "export/gs_alpha", ALPHA, b.longs(trailing));
            String diff = b.op("Sub", "export/gs_diff", noisy, BASELINES);
            String stacked = b.op("Add", "export/gs_points", BASELINES, b.op("Mul", "export/gs_adiff", a, diff));
            String g = gradientOfStacked(stacked, x);
            if (spec.getBoolean("multiply_by_inputs")) {
                g = b.op("Mul", "export/gs_mul", g, diff);
            }
            return meanOverSamples(g);
        }

        /** σ per record [N, 1, ...] (relative: stdev · (max − min) over the record) or the absolute scalar. */
        private String sigma(String x) {
            double stdev = spec.getDouble("stdev");
            if (!spec.get("stdev_mode").equals("relative")) {
                return b.scalar(stdev);
            }
            long[] axes = new long[item.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i + 1;
            }
            // ReduceMax/ReduceMin take axes as an input from opset 18 on
            boolean axesInput = cg.model().opset() >= 18;
            List<String> in = axesInput ? List.of(x, b.longs(axes)) : List.of(x);
            String max = axesInput ? b.op("ReduceMax", "export/max", in)
                    : b.op("ReduceMax", "export/max", in, GraphBuilder.attrInts("axes", axes));
            String min = axesInput ? b.op("ReduceMin", "export/min", in)
                    : b.op("ReduceMin", "export/min", in, GraphBuilder.attrInts("axes", axes));
            return b.op("Mul", "export/sigma", b.op("Sub", "export/range", max, min), b.scalar(stdev));
        }

        /** [S, N, item...] → mean over S. */
        private String meanOverSamples(String g) {
            String sum = b.op("ReduceSum", "export/sum_s", List.of(g, b.longs(0)), GraphBuilder.attr("keepdims", 0L));
            return b.op("Div", "export/mean_s", sum, b.op("Cast", "export/count_s", List.of(b.op("Gather",
                    "export/s", List.of(b.op("Shape", "export/shape_s", g), b.longScalar(0)),
                    GraphBuilder.attr("axis", 0L))), GraphBuilder.attr("to", (long) TensorProtos.FLOAT)));
        }

        private ValueInfoProto alphaInfo() {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("S"))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            return ValueInfoProto.newBuilder().setName(ALPHA).setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT).setShape(shape))).build();
        }

        private String smoothGrad(String x) {
            String stacked = b.op("Add", "export/sg_noisy", b.op("Unsqueeze", "export/sg_x", x, b.longs(0)),
                    b.op("Mul", "export/sg_noise", NOISE, sigma(x)));
            String g = gradientOfStacked(stacked, x);
            if (spec.getBoolean("abs")) {
                g = b.op("Abs", "export/sg_abs", g);
            }
            return meanOverSamples(g);
        }

        /** float32 [N, item...] (extra = 0) or [S, N, item...] (extra = 1). */
        private ValueInfoProto valueInfo(String name, int extra) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            if (extra == 1) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("S"));
            }
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            for (long d : item) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProtos.FLOAT).setShape(shape))).build();
        }
    }
}
