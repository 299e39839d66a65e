package org.heatbench.harness.attribute;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.core.InvalidInputException;
import org.heatbench.harness.CliErrors;
import org.heatbench.harness.LegacyOptions;
import org.heatbench.harness.OutputGuard;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.RecordSeeds;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.methods.runtime.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench attribute}: one method on one ONNX model over an HDF5 array of inputs, written as float32
 * {@code /attributions} of the input's shape with provenance attributes.
 *
 * <p>Everything that can be checked is checked before the first batch: the method text, the model (every operator
 * on the path needs a rule), the input file and shape, the output's memory need. Records with NaN or infinite
 * values are not attributed: their rows are NaN, their indices are listed in {@code /skipped_records} and counted
 * on stderr. Records whose attribution comes out NaN or infinite (NaN weights, an overflowing model) are skipped
 * too, listed in {@code /nonfinite_attribution_records} with a warning, and the command exits with
 * {@value #NON_FINITE}; when no record has a finite attribution it is an error and nothing is written. The output is written to a temporary file and renamed, so an interrupted run leaves no file that looks
 * complete.
 */
@Command(name = "attribute", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compute attributions of an ONNX model's output with respect to its input, batched.")
public final class AttributeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file (opset 13+)")
    Path model;

    @Option(names = "--input", required = true, description = "HDF5 file with the inputs [N, leads, samples] in the model's units")
    Path input;

    @Option(names = "--input-dataset", defaultValue = "/inputs", description = "dataset path in the input file (default: ${DEFAULT-VALUE})")
    String inputDataset;

    @Option(names = "--method", required = true, description = "method name, optionally with parameters: NAME[:key=value,...]; see 'heatbench methods'")
    String method;

    @Option(names = "--target-index", description = "index of the explained value within one record's output (default: 0)")
    Integer targetIndex;

    @Option(names = "--target", hidden = true, description = "old spelling of --target-index")
    Integer legacyTarget;

    int target;

    @Option(names = "--output-index", defaultValue = "0", description = "which model output (default: ${DEFAULT-VALUE})")
    int outputIndex;

    @Option(names = "--out", required = true, description = "HDF5 file to write (/attributions); never an input "
            + "or the model, and an existing file only with --overwrite")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing --out file")
    boolean overwrite;

    @Option(names = "--batch", defaultValue = "64", description = "records per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "seed of randomised methods; record i uses a seed derived from (seed, i) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads, 0 = all cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--provider", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE})")
    String provider;

    @Option(names = "--max-rows", defaultValue = "128", description = "most rows (records x samples) per ONNX Runtime run for sampling methods; caps memory (default: ${DEFAULT-VALUE})")
    int maxRows;

    /** Exit status when some records' attributions were NaN or infinite (written as NaN and listed). */
    public static final int NON_FINITE = 3;

    private final MethodRegistry registry;
    private String modelSha256;

    public AttributeCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Integer t = LegacyOptions.pick(spec, targetIndex, legacyTarget, "--target-index", "--target", false);
        target = t == null ? 0 : t;
        if (batch < 1) {
            throw new ConfigurationException("--batch must be >= 1, got " + batch);
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--model", model);
        inputs.put("--input", input);
        OutputGuard.check("--out", out, overwrite, inputs);
        AttributionMethod m = registry.create(method);
        ExecutionOptions options = ExecutionOptions.defaults().withProvider(Provider.parse(provider))
                .withIntraOpThreads(threads).withMaxBatchRows(maxRows);
        OnnxModel onnx = OnnxModel.load(model);
        modelSha256 = onnx.sha256();
        try (Hdf5Input in = Hdf5Input.open(input, inputDataset)) {
            int n = in.records();
            long[] itemShape = in.itemShape();
            long item = Arrays.stream(itemShape).reduce(1, (a, b) -> a * b);
            long bytes = n * item * Float.BYTES;
            long budget = Runtime.getRuntime().maxMemory() / 2;
            if (bytes > budget) {
                throw new ConfigurationException("the attributions of " + n + " records need " + (bytes >> 20)
                        + " MiB in memory (HDF5 writing cannot append), more than half the Java heap ("
                        + (budget >> 20) + " MiB): split the input or raise -Xmx");
            }
            long started = System.nanoTime();
            try (Attributor a = m.compile(onnx, new AttributionTarget(outputIndex, target, itemShape), options)) {
                err.printf("heatbench attribute: %s on %s (sha256 %s), %d records of %s, provider %s%n", a.spec(),
                        model, onnx.sha256().substring(0, 12), n, Arrays.toString(itemShape), a.provider());
                float[] result = new float[Math.toIntExact(n * item)];
                List<Integer> skipped = new ArrayList<>();
                List<Integer> nonFinite = new ArrayList<>();
                long batchesStarted = System.nanoTime();
                long lastReport = batchesStarted;
                for (int from = 0; from < n; from += batch) {
                    int m2 = Math.min(batch, n - from);
                    FloatTensor x = in.read(from, m2);
                    attributeBatch(a, x, from, (int) item, result, skipped, nonFinite);
                    long now = System.nanoTime();
                    if (now - lastReport > 2_000_000_000L || from + m2 == n) {
                        double secs = (now - batchesStarted) / 1e9;
                        int done = from + m2;
                        double rate = done / Math.max(secs, 1e-9);
                        err.printf("  %d/%d records, %.1f records/s, ETA %.0f s%n", done, n, rate, (n - done) / rate);
                        err.flush();
                        lastReport = now;
                    }
                }
                if (nonFinite.size() + skipped.size() == n && !nonFinite.isEmpty()) {
                    // nothing usable: no file that looks like a result
                    throw new InvalidInputException("every attribution is NaN or infinite (" + nonFinite.size()
                            + " of " + n + " records; the others had non-finite inputs): the model's output or "
                            + "gradient is not finite — NaN or infinite weights in " + model + "?");
                }
                write(result, n, itemShape, skipped, nonFinite, a);
                if (!skipped.isEmpty()) {
                    err.printf("heatbench attribute: %d of %d records skipped (non-finite input values), indices in "
                            + "/skipped_records: %s%s%n", skipped.size(), n,
                            skipped.subList(0, Math.min(10, skipped.size())), skipped.size() > 10 ? " ..." : "");
                }
                if (!nonFinite.isEmpty()) {
                    err.printf("heatbench attribute: WARNING: %d of %d records skipped because their attribution is "
                            + "NaN or infinite (model output or gradient not finite); rows NaN, indices in "
                            + "/nonfinite_attribution_records: %s%s; exit status %d%n", nonFinite.size(), n,
                            nonFinite.subList(0, Math.min(10, nonFinite.size())), nonFinite.size() > 10 ? " ..." : "",
                            NON_FINITE);
                }
                err.printf("heatbench attribute: wrote %s (/attributions %s) in %.1f s%n", out,
                        Arrays.toString(shapeOf(n, itemShape)), (System.nanoTime() - started) / 1e9);
                err.flush();
                return nonFinite.isEmpty() ? 0 : NON_FINITE;
            }
        }
    }

    private void attributeBatch(Attributor a, FloatTensor x, int from, int item, float[] result,
            List<Integer> skipped, List<Integer> nonFinite) {
        int n = x.batchSize();
        float[] xs = x.data();
        List<Integer> good = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            boolean finite = true;
            for (int j = r * item; j < (r + 1) * item && finite; j++) {
                finite = Float.isFinite(xs[j]);
            }
            if (finite) {
                good.add(r);
            } else {
                skipped.add(from + r);
                Arrays.fill(result, (from + r) * item, (from + r + 1) * item, Float.NaN);
            }
        }
        if (good.isEmpty()) {
            return;
        }
        FloatTensor batch = x;
        if (good.size() < n) {
            float[] sub = new float[good.size() * item];
            for (int i = 0; i < good.size(); i++) {
                System.arraycopy(xs, good.get(i) * item, sub, i * item, item);
            }
            long[] shape = x.shape();
            shape[0] = good.size();
            batch = new FloatTensor(sub, shape);
        }
        long[] seeds = new long[good.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = RecordSeeds.of(seed, from + good.get(i));
        }
        Attribution at = a.attribute(batch, seeds);
        float[] v = at.values().data();
        for (int i = 0; i < good.size(); i++) {
            int dst = (from + good.get(i)) * item;
            boolean finite = true;
            for (int j = i * item; j < (i + 1) * item && finite; j++) {
                finite = Float.isFinite(v[j]);
            }
            if (finite) {
                System.arraycopy(v, i * item, result, dst, item);
            } else {
                nonFinite.add(from + good.get(i));
                Arrays.fill(result, dst, dst + item, Float.NaN);
            }
        }
    }

    private static long[] shapeOf(int n, long[] item) {
        long[] s = new long[item.length + 1];
        s[0] = n;
        System.arraycopy(item, 0, s, 1, item.length);
        return s;
    }

    private void write(float[] flat, int n, long[] itemShape, List<Integer> skipped, List<Integer> nonFinite,
            Attributor a) {
        Object shaped = reshape(flat, shapeOf(n, itemShape));
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            // jhdf does not truncate an existing file: a longer leftover would keep its stale tail
            Files.deleteIfExists(tmp);
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                int[] chunk = new int[itemShape.length + 1];
                chunk[0] = Math.max(1, Math.min(n, 64));
                for (int i = 0; i < itemShape.length; i++) {
                    chunk[i + 1] = (int) itemShape[i];
                }
                WritableDataset d = f.putDataset("attributions", shaped,
                        DatasetCreationOptions.builder().chunkDimensions(chunk).build());
                d.putAttribute("method", a.spec().toString());
                d.putAttribute("model", model.toString());
                d.putAttribute("model_sha256", modelSha256);
                d.putAttribute("target", (long) target);
                d.putAttribute("output_index", (long) outputIndex);
                d.putAttribute("seed", seed);
                d.putAttribute("input", input.toString() + ":" + inputDataset);
                d.putAttribute("provider", a.provider());
                d.putAttribute("heatbench_version", HeatBenchVersion.get());
                d.putAttribute("onnxruntime_version", GraphSession.onnxRuntimeVersion());
                d.putAttribute("created", Instant.now().toString());
                d.putAttribute("records_skipped", (long) (skipped.size() + nonFinite.size()));
                d.putAttribute("records_nonfinite_attribution", (long) nonFinite.size());
                if (!nonFinite.isEmpty()) {
                    WritableDataset s = f.putDataset("nonfinite_attribution_records",
                            nonFinite.stream().mapToInt(Integer::intValue).toArray());
                    s.putAttribute("reason", "the attribution (model output or gradient) is NaN or infinite");
                }
                if (!skipped.isEmpty()) {
                    WritableDataset s = f.putDataset("skipped_records", skipped.stream().mapToInt(Integer::intValue).toArray());
                    s.putAttribute("reason", "non-finite (NaN or infinite) input values");
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            // jhdf wraps a full disk or a read-only folder in its own runtime exception: report the I/O cause
            IOException io = CliErrors.ioCause(e);
            if (io == null) {
                throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
            }
            throw new UncheckedIOException("cannot write " + out, io);
        }
    }

    private static Object reshape(float[] flat, long[] shape) {
        if (shape.length == 2) {
            float[][] r = new float[(int) shape[0]][(int) shape[1]];
            for (int i = 0; i < r.length; i++) {
                System.arraycopy(flat, i * r[i].length, r[i], 0, r[i].length);
            }
            return r;
        }
        if (shape.length == 3) {
            int a = (int) shape[0];
            int b = (int) shape[1];
            int c = (int) shape[2];
            float[][][] r = new float[a][b][c];
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    System.arraycopy(flat, (i * b + j) * c, r[i][j], 0, c);
                }
            }
            return r;
        }
        if (shape.length == 4) {
            int a = (int) shape[0];
            int b = (int) shape[1];
            int c = (int) shape[2];
            int d = (int) shape[3];
            float[][][][] r = new float[a][b][c][d];
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    for (int k = 0; k < c; k++) {
                        System.arraycopy(flat, ((i * b + j) * c + k) * d, r[i][j][k], 0, d);
                    }
                }
            }
            return r;
        }
        throw new ConfigurationException("inputs of rank " + shape.length + " are not supported by the HDF5 writer");
    }
}
