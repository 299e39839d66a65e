package org.heatbench.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunManifest;

/**
 * The driver of {@code heatbench run}. {@link #run} reads as the steps of a run: plan the spec ({@link RunPlan}),
 * open the run directory ({@link RunDirectory}: overwrite, resume check, lease), check on the driver
 * ({@link Preflight}: compile every method for every model, gallery, forward rate), verify the committed units,
 * execute the pending ones on Spark ({@link SparkExecution}, followed by {@link ProgressMonitor}), and write the
 * summary and run.json ({@link SummaryWriter}). Layout of the results: {@code docs/RESULTS_FORMAT.md}.
 *
 * <p>Resume: a run directory that already holds this spec (same {@link ExperimentSpec#resumeKey()}) is continued —
 * committed units whose files match the checksums in their markers are skipped, others recomputed. A failed job (a
 * unit failing more than {@code max_task_failures} times) leaves every committed unit in place, writes the summary of
 * what is committed with state {@code partial}, and reports how to resume. Any other exit of the driver leaves
 * run.json {@code failed} (an error) or {@code interrupted} (a signal; a shutdown hook writes it). Results are
 * identical for any number of partitions, executors, task retries or resumptions (tested).
 */
public final class HeatBenchJob {
    /** What the driver tells its caller; every method is called on the driver's calling thread or its monitor. */
    public interface Listener {
        /** The plan, before any work: units pending and the cost estimate. */
        default void plan(RunPlan plan, int pendingUnits, CostModel.Estimate estimate) {
        }

        /** A step of the driver's own work (compiling, gallery, starting Spark, summarising). */
        default void step(String message) {
        }

        /** Something the user must know (a unit recomputed, a degraded run), one line. */
        default void warning(String message) {
            step(message);
        }

        /** Progress of the Spark stage, when the committed units change and at the end. */
        default void progress(JobProgress progress) {
        }
    }

    /**
     * What a finished (or stopped) run left.
     *
     * @param layout where the results are
     * @param state {@code complete}, {@code degraded} or {@code partial}
     * @param unitsTotal units of the run
     * @param unitsDone units committed
     * @param unitsRun units computed by this invocation
     * @param seconds wall time of this invocation
     * @param estimate the cost estimate made before the Spark stage
     * @param skippedShare share of evaluated records with a skipped method
     */
    public record Outcome(RunLayout layout, String state, int unitsTotal, int unitsDone, int unitsRun,
            double seconds, CostModel.Estimate estimate, double skippedShare) {
    }

    private HeatBenchJob() {
    }

    /** Runs (or resumes) a spec without breaking another driver's lease. */
    public static Outcome run(ExperimentSpec spec, MethodRegistry registry, Listener listener, SparkSession session,
            boolean overwrite) {
        return run(spec, registry, listener, session, overwrite, false);
    }

    /**
     * Runs (or resumes) a spec.
     *
     * @param session a Spark session to use, or null to create one from the spec's master (closed at the end)
     * @param overwrite replace an earlier run of this run id (HeatBench's own files only) instead of resuming it
     * @param breakLease take over the run directory even when another driver's lease looks live
     * @throws ConfigurationException for a bad spec, in seconds, before Spark starts
     * @throws HeatBenchException when the job failed (one line); committed units stay and the run can be resumed
     */
    @SuppressWarnings("try") // the progress monitor works by being open (it follows commit markers, refreshes the lease)
    public static Outcome run(ExperimentSpec spec, MethodRegistry registry, Listener listener, SparkSession session,
            boolean overwrite, boolean breakLease) {
        long started = System.nanoTime();
        Map<String, byte[]> models = new LinkedHashMap<>();
        RunPlan plan = RunPlan.create(spec, registry, models);
        RunDirectory dir = RunDirectory.open(plan, registry, overwrite, breakLease);
        RunState state = RunState.start(plan, dir);
        try {
            listener.step("compiling " + spec.methods().size() + " method(s) for " + plan.targets().size()
                    + " model(s) and saving the gallery");
            double forwardRate = Preflight.run(plan, registry, models);
            List<RunPlan.Unit> pending = pending(plan, dir, listener);
            SparkSession spark = null;
            boolean own = session == null;
            int slots = 1;
            if (!pending.isEmpty()) {
                listener.step("starting Spark (" + (own ? SparkExecution.master(spec) : session.sparkContext().master())
                        + ")");
                spark = own ? SparkExecution.createSession(spec) : session;
                state.application(spark.sparkContext().applicationId());
                slots = SparkExecution.slots(spark, SparkExecution.tasks(spec, pending.size()));
            }
            CostModel.Estimate estimate = estimate(plan, registry, pending, forwardRate, slots);
            listener.plan(plan, pending.size(), estimate);
            HeatBenchException failure = null;
            if (spark != null) {
                if (!spark.sparkContext().isLocal()) {
                    requireDiscoverable(spec, registry);
                }
                // tasks in this JVM (local mode) use the job's registry; executors elsewhere discover theirs
                ExecutorResources.use(plan.runDir(), registry);
                try (ProgressMonitor monitor = ProgressMonitor.start(plan, dir, listener)) {
                    SparkExecution.execute(spark, plan, pending, models);
                } catch (Exception e) { // SparkException is checked but not declared by the Java API
                    failure = new HeatBenchException("run '" + spec.runId() + "' stopped: " + rootMessage(e), e);
                } finally {
                    ExecutorResources.forget(plan.runDir());
                    if (own) {
                        spark.stop();
                        ExecutorResources.closeAll();
                    }
                }
            }
            listener.step("verifying and combining the statistics of " + plan.units().size() + " unit(s)");
            Set<RunPlan.Unit> committed = new HashSet<>(dir.intactUnits(warnings(listener)));
            SummaryWriter.write(plan, committed);
            dir.cleanTemporaries();
            RunManifest.Counts counts = SummaryWriter.counts(plan, committed);
            double share = SummaryWriter.skippedShare(counts);
            String end;
            String message;
            if (failure != null || counts.unitsDone() < counts.unitsTotal()) {
                end = RunManifest.PARTIAL;
                message = failure != null ? failure.getMessage()
                        : (counts.unitsTotal() - counts.unitsDone()) + " unit(s) did not commit";
            } else if (share > spec.maxSkippedShare()) {
                end = RunManifest.DEGRADED;
                message = String.format(java.util.Locale.ROOT, "%.1f%% of the evaluated records have a skipped method "
                        + "(non-finite input, model output or attribution; summary/skipped.csv says why), above "
                        + "max_skipped_share %.1f%%", 100 * share, 100 * spec.maxSkippedShare());
                listener.warning("run '" + spec.runId() + "' is DEGRADED: " + message);
            } else {
                end = RunManifest.COMPLETE;
                message = "";
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            state.finish(end, message, counts, new RunManifest.Timing(seconds, estimate.seconds(), forwardRate, slots,
                    estimate.forwardEquivalents()));
            if (failure != null) {
                throw new HeatBenchException(failure.getMessage() + " — " + counts.unitsDone() + " of "
                        + plan.units().size() + " unit(s) are committed in " + plan.layout().root()
                        + "; run the same spec again to resume", failure);
            }
            return new Outcome(plan.layout(), end, plan.units().size(), counts.unitsDone(), pending.size(), seconds,
                    estimate, share);
        } catch (HeatBenchException e) {
            state.fail(e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            String msg = "run '" + spec.runId() + "' failed: " + rootMessage(e);
            state.fail(msg);
            if (e instanceof Error err && !(e instanceof LinkageError)) {
                throw err;
            }
            throw new HeatBenchException(msg, e);
        } finally {
            state.close();
            dir.release();
        }
    }

    /** Reads a spec file and runs it. */
    public static Outcome run(Path specFile, MethodRegistry registry, Listener listener, boolean overwrite) {
        return run(SpecReader.create(registry).read(specFile), registry, listener, null, overwrite);
    }

    /** Creates a Spark session as {@code heatbench run} does (tests share one). */
    static SparkSession createSession(ExperimentSpec spec) {
        return SparkExecution.createSession(spec);
    }

    private static List<String> warnings(Listener listener) {
        return new ArrayList<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean add(String s) {
                listener.warning(s);
                return super.add(s);
            }
        };
    }

    /**
     * Executors in other JVMs build their registry by discovery: every method of the spec must resolve there, to the
     * same canonical form, or the job would fail in its tasks.
     */
    private static void requireDiscoverable(ExperimentSpec spec, MethodRegistry registry) {
        MethodRegistry discovered = MethodRegistry.discover();
        for (String m : spec.methods()) {
            String here = registry.resolve(m).toString();
            String there;
            try {
                there = discovered.resolve(m).toString();
            } catch (ConfigurationException e) {
                there = null;
            }
            if (!here.equals(there)) {
                throw new ConfigurationException("method '" + m + "' is registered in code only; executors outside "
                        + "the driver's JVM find methods through META-INF/services — package it as a plugin jar and "
                        + "pass it with --jars (docs/EXTENDING.md)");
            }
        }
    }

    /** The units without an intact commit; a committed unit whose files fail the check is named and recomputed. */
    private static List<RunPlan.Unit> pending(RunPlan plan, RunDirectory dir, Listener listener) {
        Set<RunPlan.Unit> intact = new HashSet<>(dir.intactUnits(warnings(listener)));
        List<RunPlan.Unit> pending = new ArrayList<>();
        for (RunPlan.Unit u : plan.units()) {
            if (!intact.contains(u)) {
                pending.add(u);
                // a unit whose files failed the check may still have its data files: they are rewritten
            }
        }
        return pending;
    }

    private static CostModel.Estimate estimate(RunPlan plan, MethodRegistry registry, List<RunPlan.Unit> pending,
            double forwardRate, int slots) {
        double fe = 0;
        for (RunPlan.Unit u : pending) {
            PerturbationConfig c = RunPlan.config(plan.spec(), u.target());
            fe += u.size() * CostModel.perRecord(c, plan.spec().methods(), registry);
        }
        return new CostModel.Estimate(fe, forwardRate, slots, fe / (forwardRate * Math.max(1, slots)));
    }

    /** The most specific HeatBench message in a cause chain, else the root cause's first line. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        String best = null;
        Throwable root = e;
        while (t != null) {
            if (t instanceof HeatBenchException) {
                best = t.getMessage();
            }
            root = t;
            t = t.getCause();
        }
        if (best == null) {
            best = root.getMessage() == null ? root.getClass().getSimpleName()
                    : root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        int nl = best.indexOf('\n');
        return nl < 0 ? best : best.substring(0, nl);
    }
}
