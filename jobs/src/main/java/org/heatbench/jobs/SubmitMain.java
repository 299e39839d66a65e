package org.heatbench.jobs;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;

/**
 * Entry point of the cluster jar under {@code spark-submit}: {@code spark-submit --class
 * org.heatbench.jobs.SubmitMain heatbench-jobs-cluster.jar SPEC.yaml}. The Spark master, executors and their
 * resources come from {@code spark-submit}; the spec's {@code execution.master} is ignored. Dataset and output paths
 * in the spec must be on a filesystem every executor mounts at the same path; the models are read by the driver and
 * shipped to the executors with the job. In cluster deploy mode ship the spec with {@code --files SPEC.yaml} and pass
 * its bare name: a name that is not a file in the driver's working directory is looked up among the job's files
 * ({@link SparkFiles}). Exit status: 0 done (complete or degraded), 2 bad spec or failed run (one line; committed units
 * are kept; submit the same spec again to resume).
 */
public final class SubmitMain {
    /** Loggers kept at WARN: jHDF says "writing files is in alpha" for every file, Spark logs every task. */
    static final List<String> QUIET = List.of("io.jhdf", "org.apache.spark", "org.apache.hadoop",
            "org.apache.parquet", "org.sparkproject");

    private SubmitMain() {
    }

    public static void main(String[] args) {
        PrintStream err = System.err;
        if (args.length != 1) {
            err.println("usage: spark-submit --class org.heatbench.jobs.SubmitMain heatbench-jobs-cluster.jar SPEC.yaml");
            System.exit(2);
        }
        quietLibraries();
        MethodRegistry registry = MethodRegistry.discover();
        SparkSession spark = null;
        try {
            SparkExecution.checkReachable(System.getProperty("spark.master", ""));
            Path specFile = Path.of(args[0]);
            if (!Files.exists(specFile)) {
                spark = session("heatbench run");
                Path shipped = Path.of(SparkFiles.get(specFile.getFileName().toString()));
                if (!Files.exists(shipped)) {
                    throw new ConfigurationException("spec " + args[0] + " is neither a file on the driver nor among "
                            + "the job's files (--files " + args[0] + ")");
                }
                specFile = shipped;
            }
            ExperimentSpec spec = SpecReader.create(registry).read(specFile);
            if (spark == null) {
                spark = session("heatbench run " + spec.runId());
            }
            HeatBenchJob.Outcome o = HeatBenchJob.run(spec, registry, new HeatBenchJob.Listener() {
                @Override
                public void plan(RunPlan plan, int pending, CostModel.Estimate e) {
                    err.printf(Locale.ROOT, "heatbench: %d record(s) x %d target(s) x %d method(s), %d of %d "
                            + "unit(s) pending, estimate %.0f s on %d slot(s)%n", plan.indices().length,
                            plan.targets().size(), spec.methods().size(), pending, plan.units().size(),
                            e.seconds(), e.slots());
                }

                @Override
                public void warning(String message) {
                    err.println("heatbench: warning: " + message);
                }

                @Override
                public void progress(JobProgress p) {
                    err.printf(Locale.ROOT, "heatbench: %d/%d record-targets, %d/%d units, %.2f/s%n",
                            p.recordsDone(), p.recordsTotal(), p.unitsDone(), p.unitsTotal(), p.rate());
                }
            }, spark, false);
            err.printf(Locale.ROOT, "heatbench: %s, %d/%d unit(s) in %.0f s; results in %s%n", o.state(),
                    o.unitsDone(), o.unitsTotal(), o.seconds(), o.layout().root());
        } catch (HeatBenchException e) {
            err.println("heatbench: error: " + e.getMessage());
            stop(spark);
            System.exit(2);
        }
        stop(spark);
    }

    private static SparkSession session(String name) {
        SparkSession s = SparkSession.builder().appName(name)
                .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1").getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    private static void stop(SparkSession s) {
        if (s != null) {
            s.stop();
        }
    }

    /**
     * Sets {@link #QUIET} to WARN in log4j 2, the logging of spark-submit's JVMs, before anything logs. By reflection:
     * the jar does not bundle log4j, and a cluster with another logging backend keeps its own configuration.
     */
    static void quietLibraries() {
        try {
            Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator");
            Class<?> level = Class.forName("org.apache.logging.log4j.Level");
            Object warn = level.getField("WARN").get(null);
            Method set = configurator.getMethod("setLevel", String.class, level);
            for (String logger : QUIET) {
                set.invoke(null, logger, warn);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not log4j 2: its own configuration applies
        }
    }
}
