package org.heatbench.harness.sanity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.EvaluationOptions;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.perturbation.sanity.SanityChecker;
import org.heatbench.perturbation.sanity.SanityRun;
import org.heatbench.perturbation.sanity.SanityTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench sanity}: Adebayo et al.'s sanity checks of attribution methods on one ONNX model over a few
 * records of a store; writes {@code sanity.csv} and {@code sanity.json} (provenance) into {@code --out} and prints
 * the verdicts. Exit 0 whatever the verdicts (they are results, not errors).
 */
@Command(name = "sanity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sanity checks of attribution methods: model-parameter randomisation (cascading, independent) "
                + "and input invariance.",
            "Example: heatbench sanity --model models/qt.onnx --dataset data/synth --target qt "
                    + "--method saliency,deconvolution --records 8 --out results/qt-sanity"})
public final class SanityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EvaluationOptions inputs;

    @Option(names = "--model", order = -950, required = true, description = "ONNX model file, input [N, leads, samples]")
    Path model;


    @Option(names = "--target", order = -850, required = true, description = "the target the model predicts (recorded)")
    String target;


    @Option(names = "--records", order = -750,
            defaultValue = "8", description = "records checked, the first of the split "
            + "(default: ${DEFAULT-VALUE})")
    int records;


    @Option(names = "--checks", order = -450,
            defaultValue = "all", description = "cascading, independent, input_invariance or all "
            + "(default: ${DEFAULT-VALUE})")
    String checks;

    @Option(names = "--seed", order = -400,
            defaultValue = "0", description = "seed of the randomised weights and of randomised "
            + "methods (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--output-index", order = -350,
            defaultValue = "0", description = "which model output (default: ${DEFAULT-VALUE})")
    int outputIndex;

    @Option(names = "--target-index", order = -300, defaultValue = "0", description = "which value of the output "
            + "(default: ${DEFAULT-VALUE})")
    int targetIndex;

    @Option(names = "--threads", order = -250,
            defaultValue = "0", description = "ONNX Runtime intra-op threads, 0 = all "
            + "(default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", order = -200,
            required = true, description = "output directory (created; sanity.csv and sanity.json "
            + "are replaced only with --overwrite)")
    Path out;

    @Option(names = "--overwrite", order = -150, description = "replace sanity.csv and sanity.json in --out")
    boolean overwrite;

    private final MethodRegistry registry;

    public SanityCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        inputs.checkOut(out, List.of(SanityTable.FILE, "sanity.json"), overwrite, model);
        Target t = Target.parse(target);
        SanityChecker.Checks c = SanityChecker.Checks.parse(checks);
        if (records < 2) {
            throw new ConfigurationException("--records must be >= 2 (input invariance compares records), got "
                    + records);
        }
        List<AttributionMethod> methods = inputs.methods(registry);
        OnnxModel onnx = OnnxModel.load(model);
        ExecutionOptions exec = ExecutionOptions.defaults().withIntraOpThreads(threads);
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        SanityRun run;
        try (EcgStore store = EcgStore.open(inputs.dataset())) {
            int[] idx = select(store);
            err.printf(Locale.ROOT, "heatbench sanity: %d record(s) of %s, target %s, %d method(s), model %s%n",
                    idx.length, inputs.dataset(), t.key(), methods.size(), model);
            err.flush();
            run = SanityRun.of(onnx, store, idx, methods, outputIndex, targetIndex, seed, exec, c);
        }
        if (!run.skipped().isEmpty()) {
            err.println("  " + run.skipped().size() + " record(s) left out for non-finite values: " + run.skipped());
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        SanityTable.write(out.resolve(SanityTable.FILE), run.rows());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "heatbench sanity");
        p.put("heatbench_version", HeatBenchVersion.get());
        p.put("onnxruntime_version", GraphSession.onnxRuntimeVersion());
        p.put("created", Instant.now().toString());
        p.put("model", model.toString());
        p.put("model_sha256", onnx.sha256());
        p.put("target", t.key());
        p.put("methods", methods.stream().map(m -> m.spec().toString()).toList());
        p.put("checks", c);
        p.put("seed", seed);
        p.put("dataset", inputs.dataset().toString());
        p.put("split", inputs.split());
        p.put("records", run.records());
        p.put("skipped_records", run.skipped());
        p.put("layers", run.layers());
        p.put("thresholds", Map.of("fail_at", SanityChecker.FAIL_AT, "warn_at", SanityChecker.WARN_AT,
                "invariant_below", SanityChecker.INVARIANT_BELOW, "invariant_warn", SanityChecker.INVARIANT_WARN,
                "top_fraction", SanityChecker.TOP_FRACTION));
        p.put("seconds", (System.nanoTime() - started) / 1e9);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("sanity.json").toFile(), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("sanity.json"), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(SanityTable.format(run.rows()));
        o.println("verdicts: " + SanityTable.verdicts(run.rows()));
        o.println("results in " + out.resolve(SanityTable.FILE) + " (per-layer rows too) and sanity.json");
        o.flush();
        return 0;
    }

    private int[] select(EcgStore store) {
        int[] all = inputs.splitIndices(store);
        if (all.length == 0) {
            throw new ConfigurationException("the store at " + inputs.dataset() + " has no " + inputs.split()
                    + " records");
        }
        return Arrays.copyOf(all, Math.min(records, all.length));
    }
}
