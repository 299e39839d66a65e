package org.heatbench.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.jobs.spec.ExperimentSpec;

/**
 * The Spark side of a run: the session (its master, retries, ONNX Runtime telemetry off on executors, logging at
 * WARN), the task slots actually available, and the stage that spreads the pending units over tasks — one task per
 * pending unit unless {@code execution.partitions} says otherwise, so that executors registering late still get
 * work. Not thread-safe.
 */
final class SparkExecution {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)\\]");

    private SparkExecution() {
    }

    /** @return the spec's master as Spark takes it: {@code local[N]} gains the task retries of a cluster */
    static String master(ExperimentSpec spec) {
        String m = spec.execution().master().trim();
        Matcher l = LOCAL.matcher(m);
        if (l.matches()) {
            return "local[" + l.group(1) + "," + spec.execution().maxTaskFailures() + "]";
        }
        return m;
    }

    /**
     * Checks that a standalone master ({@code spark://host:port[,host:port]}) accepts connections, before Spark
     * retries for a minute and fails with a page of log.
     *
     * @throws ConfigurationException naming the address when none of the masters can be reached
     */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String last = "";
        for (String hp : master.substring("spark://".length()).split(",")) {
            try {
                URI u = URI.create("spark://" + hp.trim());
                int port = u.getPort() < 0 ? 7077 : u.getPort();
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(u.getHost(), port), 5000);
                    return;
                }
            } catch (IOException | IllegalArgumentException e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new ConfigurationException("execution.master: the Spark master " + master + " cannot be reached ("
                + last + ")");
    }

    /** A session for the spec: its master (unless empty, as under spark-submit), retries, ORT telemetry off. */
    static SparkSession createSession(ExperimentSpec spec) {
        String m = spec.execution().master().trim();
        if (!m.isEmpty()) {
            checkReachable(m);
        }
        SparkSession.Builder b = SparkSession.builder().appName("heatbench run " + spec.runId())
                .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
                .config("spark.task.maxFailures", Integer.toString(spec.execution().maxTaskFailures()))
                .config("spark.ui.showConsoleProgress", "false");
        if (!m.isEmpty()) {
            b = b.master(master(spec));
            if (m.startsWith("local")) {
                b = b.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /**
     * The task slots the stage can use: Spark's parallelism once the session runs (local: its thread count; a
     * cluster: the cores of the executors registered so far), at most one per task.
     */
    static int slots(SparkSession spark, int tasks) {
        return Math.max(1, Math.min(tasks, spark.sparkContext().defaultParallelism()));
    }

    /** @return the Spark tasks for the pending units: {@code execution.partitions}, else one per pending unit */
    static int tasks(ExperimentSpec spec, int pending) {
        int p = spec.execution().partitions();
        return Math.max(1, Math.min(pending, p > 0 ? p : pending));
    }

    /**
     * Runs the pending units as one Spark stage.
     *
     * @param models model bytes by SHA-256 (broadcast: executors need not see the model files)
     */
    static void execute(SparkSession spark, RunPlan plan, List<RunPlan.Unit> pending, Map<String, byte[]> models) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Map<String, byte[]>> bytes = jsc.broadcast(models);
        String app = spark.sparkContext().applicationId();
        jsc.parallelize(pending, tasks(plan.spec(), pending.size())).foreach(new UnitFunction(plan, bytes, app));
    }

    /** The Spark function of a unit: runs it with this task's attempt number and a name tag unique to the attempt. */
    private static final class UnitFunction implements VoidFunction<RunPlan.Unit> {
        private static final long serialVersionUID = 1L;
        private final RunPlan plan;
        private final Broadcast<Map<String, byte[]>> models;
        private final String application;

        UnitFunction(RunPlan plan, Broadcast<Map<String, byte[]>> models, String application) {
            this.plan = plan;
            this.models = models;
            this.application = application;
        }

        @Override
        public void call(RunPlan.Unit unit) {
            TaskContext tc = TaskContext.get();
            int attempt = tc == null ? 0 : tc.attemptNumber();
            long id = tc == null ? System.nanoTime() : tc.taskAttemptId();
            UnitTask.run(plan, unit, sha -> models.value().get(sha), attempt, application, application + "-" + id);
        }
    }
}
