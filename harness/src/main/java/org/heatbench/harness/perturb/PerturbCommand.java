package org.heatbench.harness.perturb;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.InputTransform;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.methods.runtime.Provider;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.Progress;
import org.heatbench.perturbation.run.RecordSelection;
import org.heatbench.perturbation.run.RunResult;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.FriedmanResult;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.ScoreKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench perturb}: the faithfulness test of attribution methods on one ONNX model over records of a
 * median-beat store — iterative region perturbation (study preset or custom), per-record curves and scores, mean
 * curves with confidence intervals, rankings and paired tests. Progress and ETA go to stderr, a short ranking to
 * stdout, everything else into {@code --out} (see {@code docs/PERTURBATION.md}).
 */
@Command(name = "perturb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate attribution methods by iterative region perturbation on one ONNX model.",
            "Example: heatbench perturb --model M.onnx --dataset data/synth --target qt "
                    + "--method saliency:abs=false,integrated_gradients --preset study --records 100 --out results/qt"})
public final class PerturbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file, input [N, leads, samples]")
    Path model;

    @Option(names = "--dataset", required = true, description = "median-beat store directory")
    Path dataset;

    @Option(names = "--target", required = true, description = "target whose truth and masks are used: hr, pr, qrs, "
            + "qt, t_amp_v5, r_amp_v5, stj_v5 (or the study's names); with --kind classification a free key for the "
            + "class (letters, digits, _ . -)")
    String target;

    @Mixin
    ClassOptions classOptions = new ClassOptions();

    @Option(names = "--method", required = true, description = "method(s) NAME[:k=v,...][,NAME...]; repeatable; "
            + "see 'heatbench methods'")
    List<String> methodTexts;

    @Option(names = "--preset", defaultValue = "standard", description = "study (the reference study: |a|, points, "
            + "noise 0.2, 199 steps, MoRF only) or standard (the same with LeRF and the random-order control) "
            + "(default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--orders", description = "override: perturbation orders, e.g. morf,lerf,random")
    String orders;

    @Option(names = "--regions", description = "override: point, lead_window:w=W or window:w=W")
    String regions;

    @Option(names = "--perturbation", description = "override: noise:k=K, zero, constant:c=C, lead_mean, "
            + "interpolate, road:k=K")
    String perturbation;

    @Option(names = "--steps", description = "override: perturbation steps K (curves have K + 1 points)")
    Integer steps;

    @Option(names = "--per-step", description = "override: regions perturbed per step")
    Integer perStep;

    @Option(names = "--non-cumulative", description = "override: perturb each step's regions of the clean input only")
    boolean nonCumulative;

    @Option(names = "--score", description = "override: abs or signed attribution scores")
    String score;

    @Option(names = "--auc-steps", split = ",", description = "override: n of the partial areas AUC@n")
    List<Integer> aucSteps;

    @Option(names = "--relative-floor", description = "override: smallest denominator of the relative error, in the "
            + "target's unit (defaults: 10 ms / 10 bpm / 100 uV)")
    Double relativeFloor;

    @Option(names = "--split", defaultValue = "test", description = "records of this split: train, val, test or all "
            + "(default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--records", description = "at most this many records (the first of the split, in store order)")
    Integer records;

    @Option(names = "--seed", defaultValue = "0", description = "seed of randomised methods and of the perturbation "
            + "noise; each record's streams derive from (seed, record id, method, target) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-budget", defaultValue = "8MiB", description = "perturbed inputs per model run, as bytes "
            + "(e.g. 8MiB, 64MiB); ONNX Runtime activations grow with it (default: ${DEFAULT-VALUE})")
    String batchBudget;

    @Option(names = "--input-scale", defaultValue = "1", description = "factor the model expects on the store's uV "
            + "input, compiled into the model (0.001 for a model that takes mV; default: ${DEFAULT-VALUE})")
    double inputScale;

    @Option(names = "--output-index", defaultValue = "0", description = "which model output (default: ${DEFAULT-VALUE})")
    int outputIndex;

    @Option(names = "--target-index", defaultValue = "0", description = "which value of each record's output "
            + "(default: ${DEFAULT-VALUE})")
    int targetIndex;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads per worker, 0 = all "
            + "cores shared by the workers (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--workers", defaultValue = "1", description = "parallel workers with their own sessions; results "
            + "do not depend on it (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--chunk", defaultValue = "16", description = "records attributed and evaluated together "
            + "(default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--provider", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE})")
    String provider;

    @Option(names = "--max-rows", defaultValue = "128", description = "rows per ONNX Runtime run of sampling "
            + "attribution methods (default: ${DEFAULT-VALUE})")
    int maxRows;

    @Option(names = "--out", required = true, description = "results directory")
    Path out;

    @Option(names = "--overwrite", description = "replace earlier results in --out")
    boolean overwrite;

    private final MethodRegistry registry;

    public PerturbCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    /**
     * Splits {@code NAME[:k=v,...][,NAME...]}: a comma-separated part that looks like {@code key=value} (an '=' before
     * any ':') continues the previous method's parameters; anything else starts a new method.
     */
    public static List<String> splitMethods(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            for (String part : text.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                int colon = p.indexOf(':');
                boolean continuation = eq > 0 && (colon < 0 || eq < colon);
                if (continuation) {
                    if (out.isEmpty()) {
                        throw new ConfigurationException("--method '" + text + "' starts with a parameter '" + p
                                + "' instead of a method name");
                    }
                    String prev = out.remove(out.size() - 1);
                    out.add(prev + (prev.contains(":") ? "," : ":") + p);
                } else {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConfigurationException("--method names no method");
        }
        return out;
    }

    /** The preset with this command's overrides, applied by the same code as a spec's ({@code withOverrides}). */
    PerturbationConfig config(Target t) {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "orders", orders);
        put(o, "regions", regions);
        put(o, "perturbation", perturbation);
        put(o, "steps", steps);
        put(o, "per_step", perStep);
        if (nonCumulative) {
            o.put("cumulative", "false");
        }
        put(o, "score", score);
        if (aucSteps != null) {
            o.put("auc_steps", aucSteps.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        put(o, "relative_floor", relativeFloor);
        return PerturbationConfig.preset(preset, t).withOverrides(o);
    }

    private static void put(Map<String, String> o, String key, Object value) {
        if (value != null) {
            o.put(key, value.toString());
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        boolean classifier = classOptions.isClassification();
        if (!classifier) {
            classOptions.requireRegressionOnly();
        }
        // a class uses the preset's settings of QT, as in a run spec; its curves do not use the relative floor
        Target t = classifier ? Target.QT : Target.parse(target);
        PerturbationConfig config = config(t);
        List<AttributionMethod> methods = new ArrayList<>();
        List<String> texts = splitMethods(methodTexts);
        if (texts.size() > org.heatbench.jobs.spec.SpecReader.MAX_METHODS) {
            throw new ConfigurationException("--method lists " + texts.size() + " methods, at most "
                    + org.heatbench.jobs.spec.SpecReader.MAX_METHODS + " per run; split the study");
        }
        for (String m : texts) {
            methods.add(registry.create(m));
        }
        BatchBudget budget = BatchBudget.parse(batchBudget);
        ExecutionOptions exec = ExecutionOptions.defaults().withProvider(Provider.parse(provider))
                .withIntraOpThreads(threads).withMaxBatchRows(maxRows);
        RunSpec runSpec = RunSpec.of(t, methods, config, seed).withOutput(outputIndex, targetIndex)
                .withExecution(exec).withBudget(budget).withWorkers(workers).withChunkRecords(chunk);
        // a model trained on mV (or standardised input) sees x[µV] × input_scale; the store stays in µV
        OnnxModel onnx = InputTransform.scale(inputScale).applyTo(OnnxModel.load(model));
        try (EcgStore store = EcgStore.open(dataset)) {
            if (classifier) {
                runSpec = runSpec.withClassTarget(classOptions.classTarget(target, store));
            }
            int[] indices = select(store);
            List<Lead> leads = PerturbationRunner.leadsFor(onnx, store);
            config.requireFits(leads.size(), store.samples());
            err.printf(Locale.ROOT, "heatbench perturb: %d record(s) of %s (split %s), target %s, %d method(s) %s%n",
                    indices.length, dataset, split, runSpec.key(), methods.size(), runSpec.methodNames());
            err.printf(Locale.ROOT, "  model %s (sha256 %s), leads %s; %s%n", model, onnx.sha256().substring(0, 12),
                    Lead.labels(leads), config.canonical());
            err.flush();
            Map<String, Object> provenance = new LinkedHashMap<>();
            RunResult result;
            long started = System.nanoTime();
            try (ResultsWriter writer = ResultsWriter.open(out, config, overwrite, runSpec.classification())) {
                ProgressPrinter progress = new ProgressPrinter(err);
                result = PerturbationRunner.runChunks(onnx, store, indices, runSpec, writer::accept, progress::update);
                PerturbationSummary summary = result.summary().finish();
                provenance.putAll(provenance(onnx, store, indices, runSpec, result, started));
                ResultsWriter.writeComponents(out.resolve("components.csv"), Map.of(runSpec.key(),
                        result.components()));
                writer.finish(summary, provenance);
                report(stdout, err, summary, result);
            }
        }
        return 0;
    }

    private int[] select(EcgStore store) {
        if (records != null && records < 1) {
            throw new ConfigurationException("--records must be >= 1, got " + records);
        }
        return new RecordSelection(split, records == null ? 0 : records, List.of()).indices(store,
                new RecordSelection.Names("--split", "--records", "--ids"));
    }

    private Map<String, Object> provenance(OnnxModel onnx, EcgStore store, int[] indices, RunSpec s, RunResult r,
            long started) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "heatbench perturb");
        p.put("heatbench_version", HeatBenchVersion.get());
        p.put("onnxruntime_version", GraphSession.onnxRuntimeVersion());
        p.put("java_version", System.getProperty("java.version"));
        p.put("created", Instant.now().toString());
        p.put("model", model.toString());
        p.put("model_sha256", onnx.sha256());
        p.put("output_index", s.outputIndex());
        p.put("target_index", s.targetIndex());
        p.put("leads", Lead.labels(r.leads()));
        p.put("target", s.key());
        if (s.classTarget() != null) {
            p.put("classification", ClassOptions.provenance(s));
        }
        p.put("methods", s.methodNames());
        p.put("preset", s.config().preset());
        p.put("parameters", s.config().parameters());
        p.put("seed", s.seed());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", dataset.toString());
        data.put("kind", store.spec().provenance().kind());
        data.put("source", store.spec().provenance().source());
        data.put("store_records", store.size());
        data.put("split", split);
        data.put("records_limit", records);
        data.put("records", indices.length);
        data.put("first_index", indices[0]);
        data.put("last_index", indices[indices.length - 1]);
        p.put("dataset", data);
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("provider", r.provider());
        exec.put("threads", s.execution().intraOpThreads());
        exec.put("workers", s.workers());
        exec.put("chunk_records", s.chunkRecords());
        exec.put("batch_budget", s.budget().toString());
        exec.put("model_evaluations", r.modelEvaluations());
        exec.put("seconds", (System.nanoTime() - started) / 1e9);
        p.put("execution", exec);
        return p;
    }

    private void report(PrintWriter stdout, PrintWriter err, PerturbationSummary s, RunResult r) {
        PerturbationSummary.Counts c = s.counts();
        err.printf(Locale.ROOT, "heatbench perturb: %d record(s) in %.1f s, %d model evaluations (%.0f/s); %d without "
                        + "truth, %d excluded from the statistics (some method failed), %d with ground-truth masks%n",
                c.records(), r.seconds(), r.modelEvaluations(), r.modelEvaluations() / Math.max(r.seconds(), 1e-9),
                c.missingTruth(), c.excluded(), c.maskDefined());
        for (PerturbationSummary.MethodCounts m : s.methodCounts()) {
            long bad = m.statuses().entrySet().stream().filter(e -> !e.getKey().equals("ok"))
                    .mapToLong(Map.Entry::getValue).sum();
            if (bad > 0 || m.constantAttribution() > 0) {
                err.printf(Locale.ROOT, "  %s: %s, constant attribution on %d record(s)%n", m.method(), m.statuses(),
                        m.constantAttribution());
            }
        }
        s.problems().stream().limit(10).forEach(p -> err.println("  problem: " + p));
        err.flush();
        CurveKind curve = c.withTruth() > 0 ? CurveKind.ERROR : CurveKind.CHANGE;
        ScoreKey key = new ScoreKey(curve, "auc");
        stdout.printf(Locale.ROOT, "target %s, %d record(s) in the common set; ranking by %s (MoRF, higher = more "
                + "faithful):%n", s.target(), c.commonSet(), key);
        for (FriedmanResult f : s.rankings()) {
            if (!f.key().equals(key)) {
                continue;
            }
            int pos = 1;
            for (int i : f.ranking()) {
                final int m = i;
                double[] ci = s.scores().stream().filter(x -> x.participant().equals(f.methods().get(m))
                        && x.key().equals(key)).findFirst().map(x -> new double[] {x.estimate().mean(),
                            x.estimate().lower(), x.estimate().upper()}).orElse(new double[] {Double.NaN, Double.NaN,
                            Double.NaN});
                stdout.printf(Locale.ROOT, "  %d. %-40s mean %.4g [95%% CI %.4g, %.4g], mean rank %.2f%n", pos++,
                        f.methods().get(i), ci[0], ci[1], ci[2], f.meanRanks()[i]);
            }
            if (f.methods().size() > 1) {
                stdout.printf(Locale.ROOT, "  Friedman chi2(%d) = %.4g, p = %.3g (n = %d); pairwise Wilcoxon tests in "
                        + "pairwise.csv%n", f.df(), f.statistic(), f.p(), f.n());
            }
        }
        for (org.heatbench.perturbation.stats.FlipSummary f : s.flips()) {
            stdout.printf(Locale.ROOT, "  decision flips, %-32s %d of %d (%.0f%%), median step %s%n", f.participant(),
                    f.flipped(), f.n(), 100 * f.share(), Double.isNaN(f.medianStep()) ? "-"
                            : String.format(Locale.ROOT, "%.1f", f.medianStep()));
        }
        stdout.printf("results in %s (records.csv, curves.csv.gz, summary.json, summary.csv, ...)%n", out);
        stdout.flush();
    }

    /** Progress with ETA on stderr, at most every two seconds. */
    private static final class ProgressPrinter {
        private final PrintWriter err;
        private long last;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        void update(Progress p) {
            long now = System.nanoTime();
            if (now - last < 2_000_000_000L && p.recordsDone() < p.recordsTotal()) {
                return;
            }
            last = now;
            double eta = p.etaSeconds();
            err.printf(Locale.ROOT, "  %d/%d records (%.0f%%), %.2f records/s, %.0f model evaluations/s, ETA %s%n",
                    p.recordsDone(), p.recordsTotal(), 100.0 * p.recordsDone() / p.recordsTotal(),
                    p.recordsPerSecond(), p.evaluationsPerSecond(), Double.isNaN(eta) ? "?" : duration(eta));
            err.flush();
        }

        static String duration(double s) {
            long t = Math.round(s);
            return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                    : t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
        }
    }
}
