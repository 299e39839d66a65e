package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.Optional;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.UnsupportedOperatorException;

/**
 * What a {@link BackwardRule} sees of the compilation while it handles one node. Not thread-safe; valid only
 * during {@link BackwardRule#backward}.
 */
public final class BackwardContext {
    private final BackwardCompiler.Pass compilation;
    private final NodeProto node;
    private final List<String> outputGradOverride;
    private final BiConsumer<Integer, String> inputSink;
    private final List<String> inputOverride;

    BackwardContext(BackwardCompiler.Pass compilation, NodeProto node) {
        this(compilation, node, null, null, null);
    }

    private BackwardContext(BackwardCompiler.Pass compilation, NodeProto node, List<String> outputGradOverride,
            BiConsumer<Integer, String> inputSink, List<String> inputOverride) {
        this.compilation = compilation;
        this.node = node;
        this.outputGradOverride = outputGradOverride;
        this.inputSink = inputSink;
        this.inputOverride = inputOverride;
    }

    /**
     * A view of this context in which {@link #input(int)} names other tensors of the same shapes (liveness, shape
     * analysis and where contributions go stay those of the real inputs) — how a rule evaluates an operator's
     * gradient rule at other operand values, e.g. DeepLIFT's bilinear rule at the averages (a + a₀)/2. Only valid
     * for rules that read operands through {@link #input(int)} and not the node's output (Mul, MatMul, Einsum).
     */
    public BackwardContext withInputs(List<String> inputs) {
        return new BackwardContext(compilation, node, outputGradOverride, inputSink, List.copyOf(inputs));
    }

    /**
     * A view of this context in which the node's outputs receive {@code outputGrads} and input contributions go to
     * {@code sink} instead of the compilation — how a rule wraps another rule (e.g. LRP's ε-rule runs the
     * operator's gradient rule on R/z and weighs what comes out by the inputs).
     */
    public BackwardContext redirect(List<String> outputGrads, BiConsumer<Integer, String> sink) {
        return new BackwardContext(compilation, node, List.copyOf(outputGrads), sink, inputOverride);
    }

    /** @return the (possibly rewritten) forward node */
    public NodeProto node() {
        return node;
    }

    /** @return the builder that new nodes go into */
    public GraphBuilder builder() {
        return compilation.builder;
    }

    /** @return shapes and constants of the forward graph */
    public GraphAnalysis analysis() {
        return compilation.analysis;
    }

    /** @return the analysis of a forward tensor */
    public TensorInfo info(String tensor) {
        return compilation.analysis.info(tensor);
    }

    /** @return the analysis of the node's input {@code i} */
    public TensorInfo inputInfo(int i) {
        return info(node.getInput(i));
    }

    /** @return the analysis of the node's output {@code i} */
    public TensorInfo outputInfo(int i) {
        return info(node.getOutput(i));
    }

    /** @return the name of input {@code i}, or {@code ""} for an omitted optional input */
    public String input(int i) {
        if (inputOverride != null && i < inputOverride.size()) {
            return inputOverride.get(i);
        }
        return i < node.getInputCount() ? node.getInput(i) : "";
    }

    /** @return the name of output {@code i} */
    public String output(int i) {
        return node.getOutput(i);
    }

    /** @return the gradient arriving at output {@code i}, or {@code null} if none flows there */
    public String outputGrad(int i) {
        if (outputGradOverride != null) {
            return i < outputGradOverride.size() ? outputGradOverride.get(i) : null;
        }
        if (i >= node.getOutputCount() || node.getOutput(i).isEmpty()) {
            return null;
        }
        return compilation.materialize(node.getOutput(i));
    }

    /** @return whether input {@code i} depends on the model input and so needs a gradient */
    public boolean needsGrad(int i) {
        return i < node.getInputCount() && compilation.isLive(node.getInput(i));
    }

    /** Adds a contribution to the gradient of input {@code i} (contributions are summed). */
    public void addInputGrad(int i, String grad) {
        if (inputSink != null) {
            inputSink.accept(i, grad);
            return;
        }
        compilation.accumulate(node.getInput(i), grad);
    }

    /** @return a (cached) {@code Shape} of a forward tensor */
    public String shapeOf(String tensor) {
        return compilation.shapeOf(tensor);
    }

    /** @return the integer value of a tensor that is constant for every batch */
    public Optional<long[]> constantLongs(String tensor) {
        return compilation.analysis.constantLongs(tensor);
    }

    /**
     * @return the integer value of input {@code i}
     * @throws UnsupportedOperatorException if that input is not constant
     */
    public long[] requireConstantLongs(int i, String what) {
        return constantLongs(input(i)).orElseThrow(() -> unsupported(what + " (input " + i + ", '" + input(i)
                + "') must be constant"));
    }

    /** Method-specific data attached to the compilation (e.g. baseline activations), by type. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(type.cast(compilation.attachments.get(type)));
    }

    /** @return an exception naming this node, for an attribute value the rule cannot handle */
    public UnsupportedOperatorException unsupported(String detail) {
        return new UnsupportedOperatorException(node.getOpType(), GraphBuilder.nodeName(node), detail,
                compilation.rules.differentiableOps());
    }

    /** @return all attachments (read-only view) */
    Map<Class<?>, Object> attachments() {
        return compilation.attachments;
    }
}
