package org.heatbench.harness.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.jobs.CostModel;
import org.heatbench.jobs.HeatBenchJob;
import org.heatbench.jobs.JobProgress;
import org.heatbench.jobs.RunPlan;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.jobs.spec.SpecWriter;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.results.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench run}: an experiment spec through the Spark job — every method × target × record, perturbation,
 * statistics — then the report. Without {@code --config} it runs the embedded default (generating the default
 * synthetic store {@code data/default} when absent, also for a spec whose dataset is that store). Prints the plan and a cost estimate first, then progress; resumes a run id that
 * already has committed units.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an experiment spec (default: the embedded quick study) as a Spark job, then the report.",
            "Examples: heatbench run    |    heatbench run --config my-study.yaml    |    heatbench run --print-spec"})
public final class RunCommand implements Callable<Integer> {
    /** The default synthetic store, generated on first use. */
    static final Path DEFAULT_STORE = Path.of("data", "default");
    /** The embedded default spec. */
    public static final String DEFAULT_SPEC = "default-run.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "experiment spec (YAML or JSON); default: the embedded default")
    Path config;

    @Option(names = "--run-id", description = "override the spec's run_id")
    String runId;

    @Option(names = "--output", description = "override the spec's output directory (parent of the run directory)")
    String output;

    @Option(names = "--master", description = "override the spec's Spark master, e.g. local[2]")
    String master;

    @Option(names = "--overwrite", description = "delete an existing run of this run id instead of resuming it")
    boolean overwrite;

    @Option(names = "--break-lease", description = "take over the run folder even when another driver's lease "
            + "(run.lease) looks live — only when that driver is gone")
    boolean breakLease;

    @Option(names = "--no-report", description = "do not write the report")
    boolean noReport;

    @Option(names = "--sanity-records", defaultValue = "0", description = "after the job, run the sanity checks "
            + "(fully randomised model and input invariance) on this many records per target into <run>/sanity/ "
            + "(0 = off; default: ${DEFAULT-VALUE})")
    int sanityRecords;

    @Option(names = "--print-spec", description = "print the spec with every default filled in, and exit")
    boolean printSpec;

    private final MethodRegistry registry;

    public RunCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        SpecReader reader = SpecReader.create(registry);
        ExperimentSpec s = config == null ? reader.parse(defaultSpecText()) : reader.read(config);
        if (runId != null) {
            s = s.withRunId(org.heatbench.results.RunLayout.requireSafe("--run-id", runId));
        }
        if (output != null) {
            s = s.withOutput(output);
        }
        if (master != null) {
            ExperimentSpec.Execution e = s.execution();
            s = s.withExecution(new ExperimentSpec.Execution(master, e.partitions(), e.unitRecords(), e.ortThreads(),
                    e.provider(), e.batchBudget(), e.maxRows(), e.maxTaskFailures()));
        }
        if (printSpec) {
            out.print(SpecWriter.toJson(s));
            out.flush();
            return 0;
        }
        if (config == null || Path.of(s.dataset().path()).normalize().equals(DEFAULT_STORE)) {
            // a spec over the default store (examples/classification.yaml) gets it generated like the default run
            ensureDefaultStore(Path.of(s.dataset().path()), err);
        }
        Printer printer = new Printer(err);
        HeatBenchJob.Outcome o = HeatBenchJob.run(s, registry, printer, null, overwrite, breakLease);
        err.printf(Locale.ROOT, "heatbench run: %s — %d/%d unit(s) committed (%d computed now) in %s (estimated %s)%n",
                o.state(), o.unitsDone(), o.unitsTotal(), o.unitsRun(), Printer.duration(o.seconds()),
                Printer.duration(o.estimate().seconds()));
        err.flush();
        if (sanityRecords > 0) {
            SanityStage.run(s, registry, sanityRecords, o.layout().root(), err);
        }
        Path report = null;
        if (!noReport) {
            var r = ReportGenerator.generate(o.layout().root(), o.layout().report());
            report = r.index();
            r.warnings().forEach(w -> err.println("  report: " + w));
        }
        out.println("results: " + o.layout().root() + " (records/*.parquet, summary/, attributions/)");
        if (report != null) {
            out.println("report:  " + report);
        }
        out.flush();
        return 0;
    }

    static String defaultSpecText() {
        try (InputStream in = RunCommand.class.getResourceAsStream(DEFAULT_SPEC)) {
            if (in == null) {
                throw new HeatBenchException("the embedded default spec " + DEFAULT_SPEC + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default store is generated on first use (1000 records, seed 1: ≈ 1 s). */
    private static void ensureDefaultStore(Path dir, PrintWriter err) {
        if (Files.exists(dir.resolve("manifest.json"))) {
            warnIfOutdated(dir, err);
            return;
        }
        err.println("heatbench run: generating the default synthetic store " + dir + " (1000 records, seed 1)");
        err.flush();
        // exactly what the README's 'heatbench dataset generate --n 1000 --out data/default --seed 1' makes
        int rc = org.heatbench.harness.HeatBenchCli.newCommandLine().execute("dataset", "generate", "--records", "1000",
                "--out", dir.toString(), "--seed", "1");
        if (rc != 0) {
            throw new HeatBenchException("could not generate the default store " + dir + " (exit " + rc + ")");
        }
    }

    /**
     * An existing default store is kept — it is the user's data — but when it was generated by an older beat model
     * than the current one (the one the shipped models were last trained on), or by model v2 before the tangent T-end
     * definition (no {@code t_end} in its provenance: QT targets and masks at the former threshold end), say so.
     */
    static void warnIfOutdated(Path dir, PrintWriter err) {
        Map<String, String> p = StoreManifest.read(dir).spec().provenance().parameters();
        String model = p.get("model");
        if (GeneratorConfig.MODEL_V2.equals(model) && !p.containsKey("t_end")) {
            err.println("heatbench run: note: " + dir + " was generated before generator v2 ended the T wave by the "
                    + "tangent method (no t_end in its provenance): its QT targets and masks use the former threshold "
                    + "end. Delete the folder to regenerate it with the current definition (docs/SYNTHESIS.md).");
        } else if (model != null && !GeneratorConfig.MODEL.equals(model)) {
            err.println("heatbench run: note: " + dir + " was generated by generator model " + model + ", not the "
                    + "current " + GeneratorConfig.MODEL + " (docs/SYNTHESIS.md). Delete the folder to regenerate it.");
        }
        err.flush();
    }

    /** Plan, steps and progress on stderr. */
    private static final class Printer implements HeatBenchJob.Listener {
        private final PrintWriter err;
        private long lastRecords = -1;

        Printer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void plan(RunPlan plan, int pending, CostModel.Estimate e) {
            ExperimentSpec s = plan.spec();
            err.printf(Locale.ROOT, "heatbench run '%s': %d record(s) of %s (%s%s) x %d target(s) %s x %d method(s)%n",
                    s.runId(), plan.indices().length, s.dataset().path(), s.dataset().split(),
                    s.dataset().limit() > 0 ? ", limit " + s.dataset().limit() : "", plan.targets().size(),
                    plan.targets().stream().map(RunPlan.TargetPlan::target).toList(), s.methods().size());
            err.printf(Locale.ROOT, "  perturbation %s; seed %d; %d unit(s) of %d record(s), %d pending%n",
                    s.perturbation().preset() + (s.perturbation().overrides().isEmpty() ? ""
                            : " " + s.perturbation().overrides()), s.seed(), plan.units().size(),
                    s.execution().unitRecords(), pending);
            err.printf(Locale.ROOT, "  estimate: %.3g forward-pass equivalents at %.0f forwards/s per slot x %d slot(s)"
                    + " = %s (plus start-up)%n", e.forwardEquivalents(), e.forwardRate(), e.slots(),
                    duration(e.seconds()));
            err.println("  results: " + plan.runDir());
            err.flush();
        }

        @Override
        public void step(String message) {
            err.println("  " + message + " ...");
            err.flush();
        }

        @Override
        public void warning(String message) {
            err.println("  warning: " + message);
            err.flush();
        }

        @Override
        public void progress(JobProgress p) {
            // a line only when units commit (the monitor looks every 2 s)
            if (p.recordsDone() == lastRecords) {
                return;
            }
            lastRecords = p.recordsDone();
            double eta = p.etaSeconds();
            err.printf(Locale.ROOT, "  %d/%d record-targets (%.0f%%), %d/%d units, %.2f/s, ETA %s%n", p.recordsDone(),
                    p.recordsTotal(), 100.0 * p.recordsDone() / Math.max(1, p.recordsTotal()), p.unitsDone(),
                    p.unitsTotal(), p.rate(), Double.isNaN(eta) ? "?" : duration(eta));
            err.flush();
        }

        static String duration(double s) {
            if (Double.isNaN(s)) {
                return "?";
            }
            long t = Math.round(s);
            return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                    : t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
        }
    }
}
