package org.heatbench.benchmarks;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.training.Architecture;
import org.heatbench.training.Normalization;
import org.heatbench.training.Parameters;
import org.heatbench.training.StevenNet;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Perturbation of a classifier against a regressor of the same size (issue 16: "perturbation of a classifier runs at
 * the same ECG/s as a regressor of the same size"). Both models are {@code training}'s StevenNet-compact trunk
 * (8 × 600, ≈ 32 MFLOP per forward) with the same freshly initialised weights (seed 1); the regressor keeps its
 * one-output head, the classifier's head is the same Gemm widened to 7 outputs (the synthetic labels' count; the
 * ONNX graph is edited: {@code fc.weight} [7, F], {@code fc.bias} [7], output [N, 7]), explained as class 3 with a
 * sigmoid ({@link Classification}: probability curves, binary cross-entropy, decision flips). One operation runs the
 * study preset (|a| over all points, noise 0.2, 199 steps, MoRF: 200 model evaluations per ECG) on {@code records}
 * synthetic ECGs with precomputed N(0, 1) attributions through {@link PerturbationEvaluator} — ranking, noise, row
 * building, ONNX Runtime runs, curves, scores (and, for the classifier, flips). The secondary result {@code ecgs} is
 * the rate to compare.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ClassifierPerturbationBenchmark -p threads=1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m"})
public class ClassifierPerturbationBenchmark {
    /** Classes of the widened head. */
    static final int CLASSES = 7;
    /** The explained class. */
    static final int CLASS = 3;

    /** {@code regression} (1-output head) or {@code classification} (7-output head, sigmoid class 3). */
    @Param({"regression", "classification"})
    public String head;

    /** ECGs per operation. */
    @Param({"8"})
    public int records;

    /** ONNX Runtime intra-op threads (0 = all cores). */
    @Param({"1"})
    public int threads;

    private PerturbationEvaluator evaluator;
    private List<RecordInput> inputs;

    @Setup(Level.Trial)
    public void setup() {
        boolean classifier = head.equals("classification");
        if (!classifier && !head.equals("regression")) {
            throw new IllegalArgumentException("head must be regression or classification, got " + head);
        }
        OnnxModel trunk = compact(1);
        OnnxModel model = classifier ? widenHead(trunk, CLASSES, 2) : trunk;
        ExecutionOptions opts = ExecutionOptions.defaults().withIntraOpThreads(threads);
        SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(GeneratorConfig.defaults(records, 1));
        SplittableRandom rng = new SplittableRandom(2);
        inputs = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            float[] x = gen.beat(r).record(Lead.INDEPENDENT_8).signal();
            float[] a = new float[x.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            // a label for the classifier (its loss curve is computed), a truth value for the regressor
            inputs.add(new RecordInput(SyntheticEcgGenerator.idOf(r), r, x, classifier ? r % 2 : 400.0, null,
                    Map.of("random", a)));
        }
        OnnxScorer scorer = OnnxScorer.create(model, opts, 0, classifier ? CLASS : 0, 8, 600);
        evaluator = PerturbationEvaluator.create(scorer, PerturbationConfig.study(Target.QT), BatchBudget.DEFAULT, 7,
                classifier ? "cls" : "qt", List.of("random"),
                classifier ? Classification.of(Classification.Activation.SIGMOID) : null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        evaluator.close();
    }

    /** Counts ECGs and model evaluations, so JMH reports their rates as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long ecgs;
        public long evaluations;
    }

    /** The study preset on {@code records} ECGs. */
    @Benchmark
    public void perturb(Blackhole bh, Counters c) {
        bh.consume(evaluator.evaluate(inputs));
        c.ecgs += records;
        c.evaluations += evaluator.evaluationsPerRecord() * records;
    }

    /** StevenNet-compact (8 × 600) from {@code training}'s builder with initial weights of {@code seed}. */
    static OnnxModel compact(long seed) {
        Architecture arch = Architecture.compact(8);
        return StevenNet.inference(arch, Parameters.initialise(StevenNet.specs(arch), seed), Normalization.identity(),
                Map.of());
    }

    /**
     * The same model with its final Gemm ({@code fc}) widened to {@code classes} outputs: {@code fc.weight} becomes
     * [classes, F] (N(0, 1/F) weights from {@code seed}), {@code fc.bias} zeros, and the graph output [N, classes].
     * Everything else — the trunk and its weights — is unchanged, so the two models cost the same up to the head.
     */
    static OnnxModel widenHead(OnnxModel m, int classes, long seed) {
        GraphProto g = m.graph();
        GraphProto.Builder b = g.toBuilder().clearInitializer();
        boolean found = false;
        SplittableRandom rng = new SplittableRandom(seed);
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().equals("fc.weight")) {
                int features = (int) t.getDims(1);
                float[] w = new float[classes * features];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (rng.nextGaussian() / Math.sqrt(features));
                }
                b.addInitializer(TensorProtos.ofFloats("fc.weight", new long[] {classes, features}, w));
                found = true;
            } else if (t.getName().equals("fc.bias")) {
                b.addInitializer(TensorProtos.ofFloats("fc.bias", new long[] {classes}, new float[classes]));
            } else {
                b.addInitializer(t);
            }
        }
        if (!found) {
            throw new IllegalStateException("model " + m.source() + " has no fc.weight initializer");
        }
        b.clearOutput();
        for (ValueInfoProto o : g.getOutputList()) {
            ValueInfoProto.Builder ob = o.toBuilder();
            TensorShapeProto.Builder shape = ob.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            if (shape.getDimCount() == 2) {
                shape.setDim(1, TensorShapeProto.Dimension.newBuilder().setDimValue(classes));
            }
            b.addOutput(ob);
        }
        return m.withGraph(b.build(), m.opset());
    }
}
