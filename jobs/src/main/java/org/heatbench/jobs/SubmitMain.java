package org.heatbench.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.HeatBenchException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;

/**
 * Entry point of the cluster jar under {@code spark-submit}: {@code spark-submit --class
 * org.heatbench.jobs.SubmitMain heatbench-jobs-cluster.jar SPEC.yaml}. The Spark master, executors and their
 * resources come from {@code spark-submit}; the spec's {@code execution.master} is ignored. Dataset and output paths
 * in the spec must be on a filesystem every executor mounts at the same path; the models are read by the driver and
 * shipped to the executors with the job. Exit status: 0 done, 2 bad spec or failed run (committed units are kept;
 * submit the same spec again to resume).
 */
public final class SubmitMain {
    private SubmitMain() {
    }

    public static void main(String[] args) {
        PrintStream err = System.err;
        if (args.length != 1) {
            err.println("usage: spark-submit --class org.heatbench.jobs.SubmitMain heatbench-jobs-cluster.jar SPEC.yaml");
            System.exit(2);
        }
        MethodRegistry registry = MethodRegistry.discover();
        try {
            ExperimentSpec spec = SpecReader.create(registry).read(Path.of(args[0]));
            SparkSession spark = SparkSession.builder().appName("heatbench run " + spec.runId())
                    .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1").getOrCreate();
            try {
                HeatBenchJob.Outcome o = HeatBenchJob.run(spec, registry, new HeatBenchJob.Listener() {
                    @Override
                    public void plan(RunPlan plan, int pending, CostModel.Estimate e) {
                        err.printf(Locale.ROOT, "heatbench: %d record(s) x %d target(s) x %d method(s), %d of %d "
                                + "unit(s) pending, estimate %.0f s on %d slot(s)%n", plan.indices().length,
                                plan.targets().size(), spec.methods().size(), pending, plan.units().size(),
                                e.seconds(), e.slots());
                    }

                    @Override
                    public void progress(JobProgress p) {
                        err.printf(Locale.ROOT, "heatbench: %d/%d record-targets, %d/%d units, %.2f/s%n",
                                p.recordsDone(), p.recordsTotal(), p.unitsDone(), p.unitsTotal(), p.rate());
                    }
                }, spark, false);
                err.printf(Locale.ROOT, "heatbench: %s, %d/%d unit(s) in %.0f s; results in %s%n", o.state(),
                        o.unitsDone(), o.unitsTotal(), o.seconds(), o.layout().root());
            } finally {
                spark.stop();
            }
        } catch (HeatBenchException e) {
            err.println("heatbench: error: " + e.getMessage());
            System.exit(2);
        }
    }
}
