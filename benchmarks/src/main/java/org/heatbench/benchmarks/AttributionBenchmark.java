package org.heatbench.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
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
 * Attribution throughput: one JMH operation is one batch; the secondary result {@code attribute:ecgs} is ECGs
 * per second directly.
 *
 * <p>{@code model}: {@code main} (the Captum reference CNN, 24.3 MFLOP forward per 8×600 ECG), {@code nopool}, or a
 * path to any ONNX file with input [N, leads, samples] (its declared shape; e.g. the zoo transformer, 12 × 2500).
 * Inputs are seeded Gaussian ECG-scale noise (µV).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AttributionBenchmark -p method=saliency -p batch=64</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m"})
public class AttributionBenchmark {

    @Param({"main"})
    public String model;

    @Param({"forward", "saliency", "input_x_gradient", "integrated_gradients", "smoothgrad:samples=10",
        "gradient_shap:samples=10", "guided_backprop", "deconvolution", "deeplift", "gradcam", "guided_gradcam",
        "lrp_epsilon_0_01"})
    public String method;

    @Param({"1", "16", "64"})
    public int batch;

    /** ONNX Runtime intra-op threads (0 = all cores). */
    @Param({"0"})
    public int threads;

    private Attributor attributor;
    private ForwardOnly forward;
    private FloatTensor x;

    @Setup(Level.Trial)
    public void setup() {
        OnnxModel m = load(model);
        ExecutionOptions opts = ExecutionOptions.defaults().withIntraOpThreads(threads).withMaxBatchRows(Math.max(64, batch));
        long[] item = itemShape(m);
        float[] data = new float[batch * (int) (item[0] * item[1])];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * 100);
        }
        x = FloatTensor.of(data, batch, item[0], item[1]);
        if (method.equals("forward")) {
            forward = new ForwardOnly(m, opts);
        } else {
            attributor = MethodRegistry.standard().create(method).compile(m, AttributionTarget.of(item), opts);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (attributor != null) {
            attributor.close();
        }
        if (forward != null) {
            forward.close();
        }
    }

    /** Counts ECGs, so JMH reports ECG/s as the secondary result {@code ecgs}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long ecgs;
    }

    /** One batch. */
    @Benchmark
    public void attribute(Blackhole bh, Counters counters) {
        counters.ecgs += batch;
        if (forward != null) {
            bh.consume(forward.run(x));
        } else {
            Attribution a = attributor.attribute(x);
            bh.consume(a.values().data());
        }
    }

    /** The model's declared [leads, samples] (e.g. 12 × 2500 for the zoo transformer), 8 × 600 if not declared. */
    static long[] itemShape(OnnxModel m) {
        try {
            long[] d = m.declaredInputShape();
            if (d.length == 3 && d[1] > 0 && d[2] > 0) {
                return new long[] {d[1], d[2]};
            }
        } catch (RuntimeException e) {
            // no declared shape: the reference models' layout
        }
        return new long[] {8, 600};
    }

    static OnnxModel load(String model) {
        String res = switch (model) {
            case "main" -> "/models/captum_main.onnx";
            case "nopool" -> "/models/captum_nopool.onnx";
            default -> null;
        };
        if (res == null) {
            return OnnxModel.load(Path.of(model));
        }
        try (InputStream in = AttributionBenchmark.class.getResourceAsStream(res)) {
            return OnnxModel.fromBytes(in.readAllBytes(), model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
