package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.onnx.BatchNormFolding;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.InvalidModelException;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.onnx.UnsupportedOperatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a forward ONNX graph into one that also computes ∂output/∂input (or, with other rules, a relevance) as
 * ONNX nodes, so that ONNX Runtime — which has no gradients — can run attribution methods, batched, on any provider.
 *
 * <p>Every node on a path from the input to the differentiated output must have a rule in the {@link RuleSet}; the
 * check happens here, at compile time, and names every offending node. Shape-only subgraphs (Shape, Gather on int64,
 * Constant, ...) carry no gradient. The compiled graph uses a symbolic batch dimension.
 *
 * <p>Thread-safe: a compiler holds only its immutable rule set.
 */
public final class BackwardCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(BackwardCompiler.class);
    /** ScatterElements with reduction=add (MaxPool, GlobalMaxPool, Gather rules) needs opset 16. */
    static final long MIN_COMPILED_OPSET = 16;
    /** Operator types that get a dedicated message: their backward (through time) is not implemented. */
    private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "RNN");

    private final RuleSet rules;

    /** A compiler applying {@code rules} in a single full pass. */
    public BackwardCompiler(RuleSet rules) {
        this.rules = rules;
    }

    /** @return a compiler with the plain gradient rules */
    public static BackwardCompiler gradient() {
        return new BackwardCompiler(RuleSet.gradient());
    }

    /** @return the rules this compiler applies */
    public RuleSet rules() {
        return rules;
    }

    /**
     * The shape analysis a compilation runs on: inference BatchNormalization first folded into the Conv before it
     * when the request asks (the default; requested layers are never folded away), see {@link BatchNormFolding}.
     */
    public static GraphAnalysis analyse(OnnxModel model, long[] itemShape, GradientRequest request) {
        OnnxModel m = request.foldBatchNorm() ? BatchNormFolding.fold(model, new HashSet<>(request.layers())) : model;
        return GraphAnalysis.of(m, itemShape);
    }

    /**
     * Compiles for inputs of shape {@code [N, itemShape...]}: one full pass with this compiler's rules, exposing the
     * request's layers. Folding BatchNormalization (see {@link #analyse}) removes a backward multiplication per
     * BatchNormalization and changes gradients only by float32 rounding.
     */
    public CompiledGradient compile(OnnxModel model, long[] itemShape, GradientRequest request) {
        return compile(analyse(model, itemShape, request), request, Map.of());
    }

    /**
     * Compiles one full pass against an existing analysis.
     *
     * @param attachments method-specific data available to rules through {@link BackwardContext#attachment}
     */
    public CompiledGradient compile(GraphAnalysis analysis, GradientRequest request, Map<Class<?>, Object> attachments) {
        return compile(analysis, request, List.of(BackwardPass.toInput("main", rules, request.layers())), attachments);
    }

    /**
     * Compiles several backward passes over one shared forward graph (e.g. guided Grad-CAM: a guided pass to the
     * input and a plain pass truncated at the Grad-CAM layer). The request's output and target seed every pass.
     */
    public static CompiledGradient compile(GraphAnalysis analysis, GradientRequest request, List<BackwardPass> passes,
            Map<Class<?>, Object> attachments) {
        return new Compilation(analysis, attachments).run(request, passes);
    }

    /** State shared by the passes of one compilation: the forward graph, the builder, cached shapes. */
    static final class Compilation {
        final GraphAnalysis analysis;
        final Map<Class<?>, Object> attachments;
        final GraphBuilder builder;
        final OnnxModel model;
        private final Map<String, String> shapes = new HashMap<>();

        Compilation(GraphAnalysis analysis, Map<Class<?>, Object> attachments) {
            this.analysis = analysis;
            this.attachments = Collections.unmodifiableMap(new HashMap<>(attachments));
            this.model = analysis.model();
            Set<String> names = new HashSet<>(analysis.tensorNames());
            names.addAll(model.initializers().keySet());
            for (NodeProto n : model.graph().getNodeList()) {
                names.add(n.getName());
            }
            int inputType = analysis.info(model.inputName()).onnxType();
            if (inputType != TensorProtos.FLOAT && inputType != TensorProtos.DOUBLE) {
                throw new InvalidModelException("input '" + model.inputName() + "' of '" + model.source()
                        + "' has ONNX element type " + inputType + "; attribution needs a float32 (or float64) input");
            }
            this.builder = new GraphBuilder(names, inputType);
        }

        String shapeOf(String tensor) {
            return shapes.computeIfAbsent(tensor, t -> builder.op("Shape", "shape/" + t, t));
        }

        CompiledGradient run(GradientRequest request, List<BackwardPass> specs) {
            GraphProto graph = model.graph();
            String input = model.inputName();
            List<String> outputs = model.outputNames();
            if (request.outputIndex() >= outputs.size()) {
                throw new ConfigurationException("output index " + request.outputIndex() + " is out of range: '"
                        + model.source() + "' has " + outputs.size() + " output(s) " + outputs);
            }
            String y = outputs.get(request.outputIndex());
            List<NodeProto> forward = new ArrayList<>(graph.getNodeList());

            // 1. per pass: which tensors depend on its root, and does every node on those paths have a rule?
            List<Pass> passes = new ArrayList<>();
            for (BackwardPass spec : specs) {
                Pass p = new Pass(this, spec);
                p.analyseLiveness(forward, y);
                passes.add(p);
            }

            // 2. forward rewrites (e.g. MaxPool gains an Indices output), each pass's rules in turn
            List<NodeProto> rewritten = new ArrayList<>(forward.size());
            for (NodeProto n : forward) {
                NodeProto r = n;
                for (Pass p : passes) {
                    if (n.getInputList().stream().anyMatch(p.live::contains)) {
                        BackwardRule rule = p.rules.rule(n.getOpType()).orElse(null);
                        if (rule != null) {
                            r = rule.rewriteForward(r, builder);
                        }
                    }
                }
                rewritten.add(r);
            }

            // 3. seed: one-hot at the target within one item of y, broadcast over the batch
            TensorInfo yInfo = analysis.info(y);
            long perItem = yInfo.staticSize();
            if (request.target() >= perItem) {
                throw new ConfigurationException("target " + request.target() + " is out of range: output '" + y
                        + "' of '" + model.source() + "' has " + perItem + " value(s) per record " + yInfo);
            }
            long[] seedDims = yInfo.dims();
            for (int i = 0; i < seedDims.length; i++) {
                if (yInfo.isBatchDim(i)) {
                    seedDims[i] = 1;
                }
            }
            double[] onehot = new double[Math.toIntExact(perItem)];
            onehot[request.target()] = 1.0;
            String seed = builder.op("Expand", "seed", builder.floats(seedDims, onehot), shapeOf(y));

            // 4. reverse sweeps
            List<ValueInfoProto> outs = new ArrayList<>();
            outs.add(graph.getOutputList().stream().filter(v -> v.getName().equals(y)).findFirst().orElseThrow());
            List<CompiledGradient.PassOutputs> passOutputs = new ArrayList<>();
            for (Pass p : passes) {
                passOutputs.add(p.sweep(rewritten, y, seed, input, outs));
            }
            GraphProto.Builder g = graph.toBuilder().clearNode().addAllNode(rewritten).addAllNode(builder.nodes())
                    .addAllInitializer(builder.initializers()).clearOutput().addAllOutput(outs).clearValueInfo();
            OnnxModel compiled = model.withGraph(g.build(), Math.max(model.opset(), MIN_COMPILED_OPSET));
            LOG.debug("compiled {}: {} forward nodes, {} backward nodes, {} pass(es)", model.source(), rewritten.size(),
                    builder.nodes().size(), passes.size());
            return new CompiledGradient(compiled, model, input, y, passOutputs, analysis);
        }
    }

    /** One backward pass: its rules, live set and gradient bookkeeping. */
    static final class Pass {
        final Compilation shared;
        final GraphAnalysis analysis;
        final GraphBuilder builder;
        final RuleSet rules;
        final Map<Class<?>, Object> attachments;
        private final BackwardPass spec;
        private final Set<String> live = new HashSet<>();
        private final Map<String, List<String>> pending = new HashMap<>();
        private final Map<String, String> materialized = new HashMap<>();

        Pass(Compilation shared, BackwardPass spec) {
            this.shared = shared;
            this.analysis = shared.analysis;
            this.builder = shared.builder;
            this.rules = spec.rules();
            this.attachments = shared.attachments;
            this.spec = spec;
        }

        boolean isLive(String tensor) {
            return live.contains(tensor);
        }

        String shapeOf(String tensor) {
            return shared.shapeOf(tensor);
        }

        void accumulate(String tensor, String grad) {
            if (materialized.containsKey(tensor)) {
                throw new IllegalStateException("gradient of '" + tensor + "' received after it was used; "
                        + "the graph is not in topological order");
            }
            pending.computeIfAbsent(tensor, k -> new ArrayList<>()).add(grad);
        }

        String materialize(String tensor) {
            String m = materialized.get(tensor);
            if (m != null) {
                return m;
            }
            List<String> parts = pending.get(tensor);
            if (parts == null || parts.isEmpty()) {
                return null;
            }
            String g = parts.size() == 1 ? parts.get(0) : builder.op("Sum", "grad/" + tensor, parts);
            materialized.put(tensor, g);
            return g;
        }

        void analyseLiveness(List<NodeProto> forward, String y) {
            OnnxModel model = shared.model;
            String root = spec.root() == null ? model.inputName() : spec.root();
            if (spec.root() != null && (!analysis.has(root) || !analysis.info(root).isFloating())) {
                throw layerError(root, forward);
            }
            if (spec.root() != null || spec.inputIsRoot()) {
                live.add(root);
            }
            // parameter roots (training): gradients also flow to these initializers
            for (String p : spec.parameters()) {
                if (!model.initializers().containsKey(p) || !analysis.info(p).isFloating()) {
                    throw new ConfigurationException("parameter '" + p + "' is not a floating initializer of '"
                            + model.source() + "'");
                }
                live.add(p);
            }
            Map<String, List<String>> unsupported = new LinkedHashMap<>();
            for (NodeProto n : forward) {
                if (n.getInputList().stream().noneMatch(live::contains)) {
                    continue;
                }
                BackwardRule rule = rules.rule(n.getOpType()).orElse(null);
                if (rule == null) {
                    unsupported.computeIfAbsent(n.getOpType(), k -> new ArrayList<>()).add(GraphBuilder.nodeName(n));
                    // keep following the path so that nodes after this one are checked and listed too
                    for (String o : n.getOutputList()) {
                        if (!o.isEmpty() && analysis.has(o) && analysis.info(o).isFloating()) {
                            live.add(o);
                        }
                    }
                    continue;
                }
                if (rule.isNonDifferentiable()) {
                    continue;
                }
                for (String o : n.getOutputList()) {
                    if (!o.isEmpty() && analysis.has(o) && analysis.info(o).isFloating()) {
                        live.add(o);
                    }
                }
            }
            if (!unsupported.isEmpty()) {
                Map.Entry<String, List<String>> first = unsupported.entrySet().iterator().next();
                String detail = unsupported.size() == 1 && first.getValue().size() == 1 ? null
                        : "all unsupported nodes on the input-to-output path: " + unsupported;
                List<String> recurrent = unsupported.keySet().stream().filter(RECURRENT::contains).toList();
                if (!recurrent.isEmpty()) {
                    String sentence = "recurrent layers (" + String.join(", ", recurrent) + " at "
                            + recurrent.stream().map(unsupported::get).toList() + ") are not supported yet";
                    detail = detail == null ? sentence : sentence + "; " + detail;
                }
                throw new UnsupportedOperatorException(first.getKey(), first.getValue().get(0), detail,
                        rules.differentiableOps());
            }
            if (!live.contains(y)) {
                throw new InvalidModelException("output '" + y + "' of '" + model.source() + "' does not depend on "
                        + (!spec.parameters().isEmpty() && !spec.inputIsRoot() ? "parameters " + spec.parameters()
                                : spec.root() == null ? "input '" + root + "'" : "tensor '" + root + "'")
                        + " through differentiable operators");
            }
            for (String layer : spec.layers()) {
                if (!analysis.has(layer) || !live.contains(layer)) {
                    throw layerError(layer, forward);
                }
            }
        }

        private ConfigurationException layerError(String layer, List<NodeProto> forward) {
            List<String> candidates = forward.stream()
                    .filter(n -> n.getOpType().equals("Conv") || n.getOpType().equals("Relu")
                            || n.getOpType().equals("BatchNormalization") || n.getOpType().equals("Add"))
                    .flatMap(n -> n.getOutputList().stream()).filter(analysis::has)
                    .collect(Collectors.toCollection(ArrayList::new));
            return new ConfigurationException("layer '" + layer + "' is not "
                    + (analysis.has(layer) ? "on the differentiable path from the input to the output"
                            : "a tensor of '" + shared.model.source() + "'")
                    + "; candidate tensors: " + candidates);
        }

        CompiledGradient.PassOutputs sweep(List<NodeProto> rewritten, String y, String seed, String input,
                List<ValueInfoProto> outs) {
            accumulate(y, seed);
            for (int i = rewritten.size() - 1; i >= 0; i--) {
                NodeProto n = rewritten.get(i);
                boolean anyOutGrad = n.getOutputList().stream().anyMatch(pending::containsKey);
                boolean anyLiveIn = n.getInputList().stream().anyMatch(live::contains);
                if (!anyOutGrad || !anyLiveIn) {
                    continue;
                }
                rules.rule(n.getOpType()).orElseThrow().backward(new BackwardContext(this, n));
            }
            String gradName = null;
            if (spec.inputGradient()) {
                String gradIn = materialize(input);
                if (gradIn == null) {
                    throw new InvalidModelException("no gradient reached input '" + input + "' of '"
                            + shared.model.source() + "'");
                }
                gradName = builder.fresh(spec.name() + "/grad_input");
                builder.add(NodeProto.newBuilder().setOpType("Identity").setName(gradName + "/Identity")
                        .addInput(gradIn).addOutput(gradName).build());
                outs.add(valueInfo(gradName, analysis.info(input)));
            }
            Map<String, CompiledGradient.LayerOutputs> layers = new LinkedHashMap<>();
            for (String layer : spec.layers()) {
                String lg = materialize(layer);
                if (lg == null) {
                    lg = builder.op("Mul", "zero_grad/" + layer, layer, builder.scalar(0));
                }
                String actName = builder.fresh(spec.name() + "/activation/" + layer);
                String gradLayer = builder.fresh(spec.name() + "/grad/" + layer);
                builder.add(NodeProto.newBuilder().setOpType("Identity").setName(actName + "/Identity")
                        .addInput(layer).addOutput(actName).build());
                builder.add(NodeProto.newBuilder().setOpType("Identity").setName(gradLayer + "/Identity")
                        .addInput(lg).addOutput(gradLayer).build());
                outs.add(valueInfo(actName, analysis.info(layer)));
                outs.add(valueInfo(gradLayer, analysis.info(layer)));
                layers.put(layer, new CompiledGradient.LayerOutputs(actName, gradLayer));
            }
            Map<String, String> paramGrads = new LinkedHashMap<>();
            for (String p : spec.parameters()) {
                String pg = materialize(p);
                if (pg == null) {
                    // the parameter is live but nothing reached it (e.g. behind a non-differentiable op): zero
                    pg = builder.op("Mul", "zero_grad/" + p, p, builder.scalar(0));
                }
                String out = builder.fresh(spec.name() + "/grad_param/" + p);
                builder.add(NodeProto.newBuilder().setOpType("Identity").setName(out + "/Identity")
                        .addInput(pg).addOutput(out).build());
                outs.add(valueInfo(out, analysis.info(p)));
                paramGrads.put(p, out);
            }
            return new CompiledGradient.PassOutputs(spec.name(), gradName, layers, paramGrads);
        }
    }

    static ValueInfoProto valueInfo(String name, TensorInfo info) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        long[] dims = info.dims();
        for (int i = 0; i < dims.length; i++) {
            if (info.isBatchDim(i)) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(info.onnxType()).setShape(shape))).build();
    }

    /** @return the operator types the given rule set supports, for listings */
    public static Set<String> supportedOps(RuleSet rules) {
        return new TreeSet<>(rules.differentiableOps());
    }
}
