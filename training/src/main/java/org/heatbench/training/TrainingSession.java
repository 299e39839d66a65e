package org.heatbench.training;

import ai.onnx.proto.OnnxMl.GraphProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.BackwardPass;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.backward.GraphAnalysis;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled training step of a StevenNet-family network on ONNX Runtime: one run computes the loss, the
 * gradient of the (batch-mean) loss with respect to every trainable parameter — compiled by HeatBench's
 * {@link BackwardCompiler} from the training graph with a {@link BackwardPass#toParameters parameter pass} — the
 * BatchNormalization batch statistics and the normalised predictions. Parameters are graph inputs, fed each step,
 * so one session serves the whole training run. A second session runs the inference graph (running statistics)
 * with parameters as inputs for validation.
 *
 * <p>Not thread-safe (one training loop per session). Close to free native memory.
 */
public final class TrainingSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

    /**
     * What one training step returns.
     *
     * @param loss the batch's mean loss (MSE on the normalised scale, or binary cross-entropy in nats)
     * @param gradients per trainable parameter, ∂loss/∂θ, same layout as the parameter
     * @param batchMean per BatchNormalization layer prefix, the batch mean per channel
     * @param batchVar per BatchNormalization layer prefix, the biased batch variance per channel
     * @param predictions normalised predictions (or logits), {@code outputs} per record
     */
    public record StepResult(double loss, Map<String, float[]> gradients, Map<String, float[]> batchMean,
            Map<String, float[]> batchVar, float[] predictions) {
    }

    private final Architecture arch;
    private final List<String> trainable;
    private final Map<String, String> gradOutputs;
    private final StevenNet.TrainingGraph graph;
    private final GraphSession train;
    private final GraphSession eval;
    private final GraphSession stats;
    private final List<String> statOutputs;
    private final List<String> fetch;
    private final OnnxModel compiled;
    private final long width;

    /**
     * Compiles the training graph of {@code arch} (shapes probed with {@code params}' values) and opens both
     * sessions.
     */
    public TrainingSession(Architecture arch, Parameters params, ExecutionOptions options) {
        this(arch, params, options, Loss.MSE);
    }

    /**
     * As {@link #TrainingSession(Architecture, Parameters, ExecutionOptions)} with the given loss: each batch row
     * carries {@code arch.outputs()} targets (standardised values for MSE, 0/1 labels for
     * {@link Loss#BCE_WITH_LOGITS}), and {@link #predict} returns {@code arch.outputs()} values per record (the
     * normalised prediction, or the logits).
     */
    public TrainingSession(Architecture arch, Parameters params, ExecutionOptions options, Loss loss) {
        this.arch = arch;
        this.trainable = params.trainableNames();
        long t0 = System.nanoTime();
        this.graph = StevenNet.training(arch, params, Normalization.DEFAULT_INPUT_SCALE, loss);
        this.width = (long) arch.leads() * arch.samples() + arch.outputs();
        GraphAnalysis analysis = GraphAnalysis.of(graph.model(), new long[] {width});
        CompiledGradient cg = BackwardCompiler.compile(analysis, GradientRequest.of().withFoldBatchNorm(false),
                List.of(BackwardPass.toParameters("train", RuleSet.training(), trainable)), Map.of());
        this.gradOutputs = cg.pass("train").parameterGrads();
        // expose the batch statistics and predictions too, then make the parameters run-time inputs
        GraphProto.Builder g = cg.model().graph().toBuilder();
        List<String> extra = new ArrayList<>();
        graph.batchStats().values().forEach(v -> extra.addAll(List.of(v)));
        extra.add(graph.prediction());
        for (String e : extra) {
            g.addOutput(StevenNet.input(e, new long[0]).toBuilder().clearType()
                    .setType(ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(
                            ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1))));
        }
        this.compiled = StevenNet.initializersToInputs(cg.model().withGraph(g.build(), StevenNet.OPSET), trainable);
        this.train = GraphSession.create(compiled, options);
        OnnxModel inf = StevenNet.inference(arch, params, Normalization.identity(), Map.of(), true);
        this.eval = GraphSession.create(inf, options);
        // forward-only training graph (batch statistics, no gradients) for re-estimating the running statistics
        List<String> so = new ArrayList<>();
        graph.batchStats().values().forEach(v -> so.addAll(List.of(v)));
        GraphProto.Builder sg = graph.model().graph().toBuilder();
        for (String e : so) {
            sg.addOutput(StevenNet.input(e, new long[0]).toBuilder().clearType()
                    .setType(ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(
                            ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1))));
        }
        this.stats = GraphSession.create(StevenNet.initializersToInputs(
                graph.model().withGraph(sg.build(), StevenNet.OPSET), trainable), options);
        this.statOutputs = so;
        List<String> f = new ArrayList<>();
        f.add(StevenNet.LOSS);
        f.addAll(gradOutputs.values());
        f.addAll(extra);
        this.fetch = f;
        LOG.debug("compiled training graph of {} ({} nodes) in {} ms", arch.name(), compiled.graph().getNodeCount(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** @return the network this session trains */
    public Architecture architecture() {
        return arch;
    }

    /** @return the compiled training model (parameters as inputs), for inspection */
    public OnnxModel compiledModel() {
        return compiled;
    }

    /**
     * One forward + backward pass.
     *
     * @param batch [n, leads·samples + outputs] rows: µV signal (lead-major) then the normalised target (or the
     *     labels)
     * @param n records in the batch (≥ 2: batch statistics need two records)
     */
    public StepResult step(float[] batch, int n, Parameters params) {
        if (n < 2) {
            throw new IllegalArgumentException("a training batch needs at least 2 records, got " + n);
        }
        Map<String, FloatTensor> feed = new HashMap<>();
        feed.put(StevenNet.BATCH, FloatTensor.of(batch, n, width));
        for (String p : trainable) {
            feed.put(p, params.tensor(p));
        }
        Map<String, FloatTensor> out = train.run(feed, fetch);
        Map<String, float[]> grads = new LinkedHashMap<>();
        gradOutputs.forEach((p, o) -> grads.put(p, out.get(o).data()));
        Map<String, float[]> means = new LinkedHashMap<>();
        Map<String, float[]> vars = new LinkedHashMap<>();
        graph.batchStats().forEach((layer, names) -> {
            means.put(layer, out.get(names[0]).data());
            vars.put(layer, out.get(names[1]).data());
        });
        return new StepResult(out.get(StevenNet.LOSS).data()[0], grads, means, vars,
                out.get(graph.prediction()).data());
    }

    /**
     * Training-mode forward pass only (no gradients): the BatchNormalization batch statistics of one batch.
     *
     * @param batch [n, leads·samples + outputs] as for {@link #step} (the target columns are ignored)
     * @return per layer prefix {batch mean, biased batch variance}
     */
    public Map<String, float[][]> batchStatistics(float[] batch, int n, Parameters params) {
        Map<String, FloatTensor> feed = new HashMap<>();
        feed.put(StevenNet.BATCH, FloatTensor.of(batch, n, width));
        for (String p : trainable) {
            feed.put(p, params.tensor(p));
        }
        Map<String, FloatTensor> out = stats.run(feed, statOutputs);
        Map<String, float[][]> r = new LinkedHashMap<>();
        graph.batchStats().forEach((layer, names) -> r.put(layer,
                new float[][] {out.get(names[0]).data(), out.get(names[1]).data()}));
        return r;
    }

    /**
     * Eval-mode forward pass (running statistics): normalised predictions of {@code n} records.
     *
     * @param signals [n, leads, samples] µV
     */
    public float[] predict(float[] signals, int n, Parameters params) {
        Map<String, FloatTensor> feed = new HashMap<>();
        feed.put(StevenNet.INPUT, FloatTensor.of(signals, n, arch.leads(), arch.samples()));
        for (Parameters.Spec s : params.specs()) {
            feed.put(s.name(), params.tensor(s.name()));
        }
        return eval.run(feed, List.of(StevenNet.OUTPUT)).get(StevenNet.OUTPUT).data();
    }

    @Override
    public void close() {
        train.close();
        eval.close();
        stats.close();
    }
}
