package org.heatbench.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.ModelScorer;
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
 * Perturbation throughput against the plain batched forward pass of the same model, in model evaluations per second
 * (the secondary result {@code evaluations}; {@code ecgs} counts perturbed ECGs for {@code perturb}).
 *
 * <ul>
 *   <li>{@code perturb}: one operation evaluates {@code records} synthetic ECGs with the study preset (|a| ranking
 *       over all points, additive noise 0.2, 199 steps, MoRF: 200 model evaluations per ECG) through
 *       {@link PerturbationEvaluator} — ranking, noise, row building, ONNX Runtime runs of the budget's row count,
 *       curves and scores. Attributions are precomputed (seeded N(0, 1) maps): this measures the perturbation
 *       machinery, not an attribution method.</li>
 *   <li>{@code forward}: one ONNX Runtime run of a prebuilt batch of as many rows as each of the perturbation's
 *       runs, through the same {@code GraphSession} code — the ceiling;</li>
 *   <li>{@code machinery}: {@code perturb} with a model that returns zeros at no cost — the perturbation work
 *       alone; forward rate / machinery rate is its share of a real run, independent of the machine's load.</li>
 * </ul>
 * {@code model}: {@code main} (the shared reference CNN = {@code examples/reference_cnn.onnx}, 8 × 600, 24.3 MFLOP per
 * forward), {@code stevennet} ({@link #stevenNet}: {@code training}'s StevenNet builder with freshly initialised
 * weights, 12 × 600, ≈ 1 GFLOP), or a path to an ONNX file with input [N, 8 or 12, 600].
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PerturbationBenchmark -p model=main -p records=8
 * java -jar benchmarks/target/benchmarks.jar PerturbationBenchmark -p model=stevennet -p records=1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m"})
public class PerturbationBenchmark {

    @Param({"main"})
    public String model;

    /** ECGs per operation of {@code perturb}. */
    @Param({"8"})
    public int records;

    /** Perturbed inputs per model run ({@link BatchBudget#parse}). */
    @Param({"8MiB"})
    public String budget;

    /** ONNX Runtime intra-op threads (0 = all cores). */
    @Param({"0"})
    public int threads;

    private PerturbationEvaluator evaluator;
    private PerturbationEvaluator machinery;
    private List<RecordInput> inputs;
    private ForwardOnly forward;
    private FloatTensor batch;
    private long evaluationsPerOp;

    @Setup(Level.Trial)
    public void setup() {
        OnnxModel m = model.equals("stevennet") ? stevenNet(1) : AttributionBenchmark.load(model);
        int leads = (int) m.declaredInputShape()[1];
        List<Lead> layout = leads == 12 ? Lead.STANDARD_12 : Lead.INDEPENDENT_8;
        int samples = 600;
        ExecutionOptions opts = ExecutionOptions.defaults().withIntraOpThreads(threads);
        PerturbationConfig config = PerturbationConfig.study(Target.QT);
        SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(GeneratorConfig.defaults(records, 1));
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(2L);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        inputs = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            float[] x = gen.beat(r).record(layout).signal();
            float[] a = new float[x.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) gauss.sample();
            }
            inputs.add(new RecordInput(SyntheticEcgGenerator.idOf(r), r, x, 400.0, null, Map.of("random", a)));
        }
        BatchBudget b = BatchBudget.parse(budget);
        evaluator = PerturbationEvaluator.create(OnnxScorer.create(m, opts, 0, 0, leads, samples), config, b, 7, "qt",
                List.of("random"));
        machinery = PerturbationEvaluator.create(new ConstantScorer(leads, samples), config, b, 7, "qt",
                List.of("random"));
        evaluationsPerOp = evaluator.evaluationsPerRecord() * records;
        int rows = b.runSize(evaluationsPerOp, leads * samples);
        float[] data = new float[rows * leads * samples];
        for (int r = 0; r < rows; r++) {
            float[] x = inputs.get(r % records).signal();
            System.arraycopy(x, 0, data, r * x.length, x.length);
        }
        batch = FloatTensor.of(data, rows, leads, samples);
        forward = new ForwardOnly(m, opts);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        evaluator.close();
        machinery.close();
        forward.close();
    }

    /** Counts model evaluations and ECGs, so JMH reports their rates as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long evaluations;
        public long ecgs;
    }

    /** The study preset on {@code records} ECGs. */
    @Benchmark
    public void perturb(Blackhole bh, Counters c) {
        bh.consume(evaluator.evaluate(inputs));
        c.evaluations += evaluationsPerOp;
        c.ecgs += records;
    }

    /** One batched forward run of as many rows as each of perturbation's (equal) runs. */
    @Benchmark
    public void forward(Blackhole bh, Counters c) {
        bh.consume(forward.run(batch));
        c.evaluations += batch.batchSize();
    }

    /**
     * {@code perturb} with a model that costs nothing: the rate of the perturbation machinery alone (ranking, noise,
     * row building, curves, scores). Perturbation's share of the time is forward rate / machinery rate.
     */
    @Benchmark
    public void machinery(Blackhole bh, Counters c) {
        bh.consume(machinery.evaluate(inputs));
        c.evaluations += evaluationsPerOp;
        c.ecgs += records;
    }

    /** Returns zeros without looking at the rows. */
    private record ConstantScorer(int leads, int samples) implements ModelScorer {
        @Override
        public float[] predict(float[] rows, int n) {
            return new float[n];
        }

        @Override
        public void close() {
            // nothing to free
        }
    }

    /**
     * The reference study's StevenNet (12 leads × 600 samples) from {@code training}'s builder — the same graph
     * {@code heatbench train --arch stevennet} exports — with initial (untrained) weights: a forward pass's time does
     * not depend on the weights' values.
     */
    static OnnxModel stevenNet(long seed) {
        Architecture arch = Architecture.stevenNet(12);
        return StevenNet.inference(arch, Parameters.initialise(StevenNet.specs(arch), seed), Normalization.identity(),
                Map.of());
    }
}
