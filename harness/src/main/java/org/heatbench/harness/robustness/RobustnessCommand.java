package org.heatbench.harness.robustness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.robustness.RobustnessRun;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.RankPositions;
import org.heatbench.perturbation.stats.ScoreKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench robustness}: the ranking of the methods on one model recomputed under each perturbation function,
 * region size and seed (one factor at a time around the preset), Kendall's W agreement with a bootstrap interval,
 * and the pairwise orders that hold in every setting. Writes {@code robustness.json} and {@code robustness.csv}; the
 * report shows {@code <run>/robustness/<target>/robustness.json} when present.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Is the ranking robust? Recompute it under other perturbation functions, region sizes and seeds.",
            "Example: heatbench robustness --model models/qt.onnx --dataset data/default --target qt "
                    + "--method saliency,integrated_gradients,random --records 16 --out results/default/robustness/qt"})
public final class RobustnessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EvaluationOptions inputs;

    @Option(names = "--model", order = -950, required = true, description = "ONNX model file")
    Path model;


    @Option(names = "--target", order = -850, required = true, description = "target of the model (truth values, masks)")
    String target;


    @Option(names = "--preset", order = -750,
            defaultValue = "study", description = "base configuration (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--steps", order = -725, description = "override the preset's steps in every setting")
    Integer steps;

    @Option(names = "--perturbations", order = -700,
            defaultValue = "noise:k=0.2,zero,interpolate,road:k=0.01", split = ",",
            description = "perturbation functions (default: ${DEFAULT-VALUE})")
    List<String> perturbations;

    @Option(names = "--windows-ms", order = -675,
            defaultValue = "10,40", split = ",", description = "lead-window region sizes in "
            + "ms, besides the base regions (default: ${DEFAULT-VALUE})")
    List<Double> windowsMs;

    @Option(names = "--seeds", order = -650,
            defaultValue = "1,2,3", split = ",", description = "seeds; the first is the base "
            + "(default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--score", order = -625, defaultValue = "error:auc_25", description = "the ranked score CURVE:SCORE "
            + "(default: ${DEFAULT-VALUE})")
    String score;

    @Option(names = "--records", order = -600,
            defaultValue = "16", description = "records (the first of the split) "
            + "(default: ${DEFAULT-VALUE})")
    int records;


    @Option(names = "--bootstrap", order = -450,
            defaultValue = "2000", description = "bootstrap replicates (default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--threads", order = -400,
            defaultValue = "0", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", order = -350,
            required = true, description = "output directory (created; robustness.json and "
            + "robustness.csv are replaced only with --overwrite)")
    Path out;

    @Option(names = "--overwrite", order = -300, description = "replace robustness.json and robustness.csv in --out")
    boolean overwrite;

    private final MethodRegistry registry;

    public RobustnessCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        inputs.checkOut(out, List.of("robustness.json", "robustness.csv"), overwrite, model);
        Target t = Target.parse(target);
        ScoreKey key = parseKey(score);
        List<AttributionMethod> methods = inputs.methods(registry);
        if (methods.size() < 2) {
            throw new ConfigurationException("--method: a ranking needs at least 2 methods");
        }
        if (seeds.isEmpty()) {
            throw new ConfigurationException("--seeds names no seed");
        }
        PerturbationConfig base = PerturbationConfig.preset(preset, t);
        if (steps != null) {
            base = base.withOverrides(Map.of("steps", steps.toString()));
        }
        List<PerturbationFunction> functions = perturbations.stream().map(PerturbationFunction::parse).toList();
        OnnxModel onnx = OnnxModel.load(model);
        PrintWriter err = spec.commandLine().getErr();
        RobustnessRun run;
        try (EcgStore store = EcgStore.open(inputs.dataset())) {
            List<RegionScheme> regions = new ArrayList<>();
            for (double ms : windowsMs) {
                int w = (int) Math.round(ms * store.samplingRateHz() / 1000.0);
                if (w < 1) {
                    throw new ConfigurationException("--windows-ms " + ms + " is less than one sample at "
                            + store.samplingRateHz() + " Hz");
                }
                regions.add(RegionScheme.leadWindows(w));
            }
            List<RobustnessRun.Setting> settings = RobustnessRun.settings(base, seeds.get(0), functions, regions,
                    seeds);
            int leads = org.heatbench.perturbation.run.PerturbationRunner.leadsFor(onnx, store).size();
            for (RobustnessRun.Setting s : settings) {
                s.config().requireFits(leads, store.samples());
            }
            int[] idx = select(store);
            err.printf(Locale.ROOT, "heatbench robustness: %d record(s), %d method(s), %d settings, ranking by %s%n",
                    idx.length, methods.size(), settings.size(), key);
            err.flush();
            RunSpec rs = RunSpec.of(t, methods, base, seeds.get(0)).withExecution(
                    ExecutionOptions.defaults().withIntraOpThreads(threads));
            run = RobustnessRun.run(onnx, store, idx, rs, settings, key, bootstrap, line -> {
                err.println("  " + line);
                err.flush();
            });
        }
        write(run, onnx, t);
        print(run);
        return 0;
    }

    private static ScoreKey parseKey(String text) {
        int c = text.indexOf(':');
        if (c < 0) {
            throw new ConfigurationException("--score '" + text + "' must be CURVE:SCORE, e.g. error:auc_25");
        }
        String curve = text.substring(0, c).trim();
        for (CurveKind k : CurveKind.values()) {
            if (k.key().equals(curve)) {
                return new ScoreKey(k, text.substring(c + 1).trim());
            }
        }
        throw new ConfigurationException("--score: unknown curve '" + curve + "'; curves: "
                + Arrays.stream(CurveKind.values()).map(CurveKind::key).toList());
    }

    private int[] select(EcgStore store) {
        int[] all = inputs.splitIndices(store);
        if (all.length == 0) {
            throw new ConfigurationException("the store at " + inputs.dataset() + " has no " + inputs.split()
                    + " records");
        }
        if (records < 2) {
            throw new ConfigurationException("--records must be >= 2, got " + records);
        }
        return Arrays.copyOf(all, Math.min(records, all.length));
    }

    private void write(RobustnessRun run, OnnxModel onnx, Target t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("tool", "heatbench robustness");
        j.put("heatbench_version", HeatBenchVersion.get());
        j.put("created", Instant.now().toString());
        j.put("model", model.toString());
        j.put("model_sha256", onnx.sha256());
        j.put("dataset", inputs.dataset().toString());
        j.put("target", t.key());
        j.put("score", run.key().toString());
        j.put("records", run.records());
        List<Map<String, Object>> settings = new ArrayList<>();
        for (RobustnessRun.Setting s : run.settings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("perturbation", s.config().canonical());
            m.put("seed", s.seed());
            m.put("mean_ranks", run.meanRanks().get(s.name()));
            settings.add(m);
        }
        j.put("methods", run.agreement().methods());
        j.put("settings", settings);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("w", nan(run.agreement().w().w()));
        w.put("ci_lower", nan(run.agreement().w().interval().lower()));
        w.put("ci_upper", nan(run.agreement().w().interval().upper()));
        w.put("chi_square", nan(run.agreement().w().chiSquare()));
        w.put("p", nan(run.agreement().w().p()));
        w.put("bootstrap_replicates", run.agreement().w().interval().replicates());
        j.put("kendall_w", w);
        j.put("pairs", run.agreement().pairs());
        j.put("robust_pairs", run.agreement().robustPairs());
        j.put("robust_share", run.agreement().robustShare());
        List<Map<String, Object>> pos = new ArrayList<>();
        for (RankPositions.Position p : run.basePositions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", p.method());
            m.put("mean_rank", nan(p.meanRank()));
            m.put("position", nan(p.position().estimate()));
            m.put("ci_lower", nan(p.position().lower()));
            m.put("ci_upper", nan(p.position().upper()));
            pos.add(m);
        }
        j.put("base_positions", pos);
        StringBuilder csv = new StringBuilder("setting,method,mean_rank\n");
        for (Map.Entry<String, double[]> e : run.meanRanks().entrySet()) {
            for (int m = 0; m < e.getValue().length; m++) {
                csv.append(q(e.getKey())).append(',').append(q(run.agreement().methods().get(m))).append(',')
                        .append(e.getValue()[m]).append('\n');
            }
        }
        try {
            Files.createDirectories(out);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
                    out.resolve("robustness.json").toFile(), j);
            Files.writeString(out.resolve("robustness.csv"), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write robustness results to " + out, e);
        }
    }

    private static Object nan(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String q(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void print(RobustnessRun run) {
        PrintWriter o = spec.commandLine().getOut();
        var w = run.agreement().w();
        o.printf(Locale.ROOT, "ranking by %s over %d settings: Kendall's W = %.3f [95%% bootstrap CI %.3f, %.3f], "
                + "%d of %d method pairs (%.0f%%) keep their order in every setting%n", run.key(),
                run.settings().size(), w.w(), w.interval().lower(), w.interval().upper(),
                run.agreement().robustPairs().size(), run.agreement().pairs(), 100 * run.agreement().robustShare());
        for (List<String> p : run.agreement().robustPairs()) {
            o.println("  robust: " + p.get(0) + " > " + p.get(1));
        }
        o.println("base positions (95% bootstrap CI over records):");
        for (RankPositions.Position p : run.basePositions()) {
            o.printf(Locale.ROOT, "  %-40s mean rank %.2f, position %.1f [%.1f, %.1f]%n", p.method(), p.meanRank(),
                    p.position().estimate(), p.position().lower(), p.position().upper());
        }
        o.println("results in " + out.resolve("robustness.json"));
        o.flush();
    }
}
