package org.heatbench.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.jobs.spec.SpecWriter;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.run.ChunkEvaluator;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver of {@code heatbench run}: checks and plans a spec ({@link RunPlan}), compiles every method for every
 * model once on the driver (so that unsupported operators fail before Spark starts) and saves the gallery's
 * attributions, then spreads the pending work units over Spark tasks ({@link UnitTask}), follows their commits and
 * combines the units' partial statistics into the run's summary. Layout of the results:
 * {@code docs/RESULTS_FORMAT.md}.
 *
 * <p>Resume: a run directory that already holds this spec (same {@link ExperimentSpec#resumeKey()}) is continued —
 * committed units are skipped. A failed job (a unit failing more than {@code max_task_failures} times) leaves every
 * committed unit in place, writes the summary of what is committed with state {@code partial}, and reports how to
 * resume. Results are identical for any number of partitions, executors, task retries or resumptions (tested).
 */
public final class HeatBenchJob {
    private static final Logger LOG = LoggerFactory.getLogger(HeatBenchJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)\\]");
    private static final List<String> SUMMARY_TABLES = List.of("summary.csv", "mean_curves.csv", "rankings.csv",
            "pairwise.csv", "random_gap_tests.csv");

    /** What the driver tells its caller; every method is called on the driver's calling thread or its monitor. */
    public interface Listener {
        /** The plan, before any work: units pending and the cost estimate. */
        default void plan(RunPlan plan, int pendingUnits, CostModel.Estimate estimate) {
        }

        /** A step of the driver's own work (compiling, gallery, starting Spark, summarising). */
        default void step(String message) {
        }

        /** Progress of the Spark stage, every few seconds and at the end. */
        default void progress(JobProgress progress) {
        }
    }

    /**
     * What a finished (or stopped) run left.
     *
     * @param layout where the results are
     * @param state {@code complete} or {@code partial}
     * @param unitsTotal units of the run
     * @param unitsDone units committed
     * @param unitsRun units computed by this invocation
     * @param seconds wall time of this invocation
     * @param estimate the cost estimate made before the Spark stage
     */
    public record Outcome(RunLayout layout, String state, int unitsTotal, int unitsDone, int unitsRun,
            double seconds, CostModel.Estimate estimate) {
    }

    private HeatBenchJob() {
    }

    /**
     * Runs (or resumes) a spec.
     *
     * @param session a Spark session to use, or null to create one from the spec's master (closed at the end)
     * @param overwrite delete an existing run directory of this run id first instead of resuming it
     * @throws ConfigurationException for a bad spec, in seconds, before Spark starts
     * @throws HeatBenchException when the job failed; committed units stay and the run can be resumed
     */
    public static Outcome run(ExperimentSpec spec, MethodRegistry registry, Listener listener, SparkSession session,
            boolean overwrite) {
        long started = System.nanoTime();
        Map<String, byte[]> models = new LinkedHashMap<>();
        RunPlan plan = RunPlan.create(spec, registry, models);
        RunLayout layout = plan.layout();
        prepare(plan, registry, overwrite);
        Map<String, Object> run = runJson(plan, "running", "", null);
        writeJson(layout.run(), run);

        listener.step("compiling " + spec.methods().size() + " method(s) for " + plan.targets().size()
                + " model(s) and saving the gallery");
        double forwardRate = driverChecks(plan, registry, models);
        List<RunPlan.Unit> pending = plan.units().stream()
                .filter(u -> !Files.exists(layout.unitDone(u.target(), u.number()))).toList();
        int slots = slots(spec, session);
        double fe = 0;
        for (RunPlan.Unit u : pending) {
            PerturbationConfig c = RunPlan.config(spec, Target.parse(u.target()));
            fe += u.size() * CostModel.perRecord(c, spec.methods(), registry);
        }
        CostModel.Estimate estimate = new CostModel.Estimate(fe, forwardRate, slots,
                fe / (forwardRate * Math.max(1, slots)));
        listener.plan(plan, pending.size(), estimate);

        HeatBenchException failure = null;
        int unitsRun = 0;
        if (!pending.isEmpty()) {
            listener.step("starting Spark (" + (session != null ? session.sparkContext().master() : master(spec))
                    + ")");
            boolean own = session == null;
            SparkSession spark = own ? createSession(spec) : session;
            AtomicBoolean stop = new AtomicBoolean();
            Thread monitor = monitor(plan, stop, listener);
            if (!spark.sparkContext().isLocal()) {
                requireDiscoverable(spec, registry);
            }
            ExecutorResources.use(String.valueOf(plan.runDir()), registry);
            try {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                Broadcast<Map<String, byte[]>> bytes = jsc.broadcast(models);
                int partitions = spec.execution().partitions() > 0 ? spec.execution().partitions()
                        : jsc.defaultParallelism();
                monitor.start();
                jsc.parallelize(pending, Math.min(partitions, pending.size())).foreach(new UnitFunction(plan, bytes));
                unitsRun = pending.size();
            } catch (Exception e) { // SparkException is checked but not declared by the Java API
                failure = new HeatBenchException("run '" + spec.runId() + "' stopped: " + rootMessage(e), e);
            } finally {
                stop.set(true);
                ExecutorResources.forget(String.valueOf(plan.runDir()));
                try {
                    monitor.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (own) {
                    spark.stop();
                    ExecutorResources.closeAll();
                }
            }
        }
        listener.step("combining the statistics of " + plan.units().size() + " unit(s)");
        int done = Summaries.write(plan, registry);
        cleanTemporaries(layout);
        String state = done == plan.units().size() ? "complete" : "partial";
        String message = failure == null ? "" : failure.getMessage();
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("seconds", seconds);
        timing.put("estimated_seconds", estimate.seconds());
        timing.put("forward_rate_per_slot", forwardRate);
        timing.put("slots", slots);
        timing.put("forward_equivalents", fe);
        writeJson(layout.run(), runJson(plan, state, message, timing));
        if (failure != null) {
            throw new HeatBenchException(failure.getMessage() + " — " + done + " of " + plan.units().size()
                    + " unit(s) are committed in " + layout.root() + "; run the same spec again to resume", failure);
        }
        return new Outcome(layout, state, plan.units().size(), done, unitsRun, seconds, estimate);
    }

    /** Reads a spec file and runs it. */
    public static Outcome run(Path specFile, MethodRegistry registry, Listener listener, boolean overwrite) {
        return run(SpecReader.create(registry).read(specFile), registry, listener, null, overwrite);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String best = e.getMessage();
        while (t != null) {
            if (t instanceof HeatBenchException) {
                best = t.getMessage();
            }
            t = t.getCause();
        }
        return best;
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

    /** Creates the run directory, or checks that an existing one holds the same spec. */
    private static void prepare(RunPlan plan, MethodRegistry registry, boolean overwrite) {
        RunLayout layout = plan.layout();
        ExperimentSpec spec = plan.spec();
        try {
            if (overwrite && Files.exists(layout.root())) {
                deleteTree(layout.root());
            }
            if (Files.exists(layout.spec())) {
                ExperimentSpec earlier;
                try {
                    earlier = SpecReader.create(registry).read(layout.spec());
                } catch (HeatBenchException e) {
                    throw new ConfigurationException("run_id '" + spec.runId() + "': " + layout.root() + " holds a "
                            + "run whose spec.json cannot be read (" + e.getMessage() + "); choose another run_id or "
                            + "--overwrite", e);
                }
                if (!earlier.resumeKey().equals(spec.resumeKey())) {
                    throw new ConfigurationException("run_id '" + spec.runId() + "': " + layout.root() + " holds a "
                            + "run of a different spec (" + difference(earlier, spec) + "); choose another run_id, "
                            + "or --overwrite to replace it");
                }
            } else if (Files.exists(layout.root()) && Files.list(layout.root()).findAny().isPresent()) {
                throw new ConfigurationException("run_id '" + spec.runId() + "': " + layout.root() + " exists and is "
                        + "not a HeatBench run (no spec.json); choose another run_id or output");
            }
            Files.createDirectories(layout.records());
            Files.createDirectories(layout.units());
            Files.createDirectories(layout.summary());
            writeText(layout.spec(), SpecWriter.toJson(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + layout.root(), e);
        }
    }

    private static String difference(ExperimentSpec a, ExperimentSpec b) {
        List<String> names = List.of("seed", "dataset", "targets", "methods", "perturbation", "gallery",
                "execution.unit_records");
        List<Object> ka = a.resumeKey();
        List<Object> kb = b.resumeKey();
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!ka.get(i).equals(kb.get(i))) {
                diff.add(names.get(i));
            }
        }
        return String.join(", ", diff) + " differ";
    }

    /**
     * Compiles every method for every target's model on the driver (unsupported operators, bad layers and the like
     * fail here), writes the gallery files, and measures the forward rate of the first model for the estimate.
     *
     * @return forwards per second of one task slot
     */
    private static double driverChecks(RunPlan plan, MethodRegistry registry, Map<String, byte[]> models) {
        ExperimentSpec spec = plan.spec();
        RunLayout layout = plan.layout();
        double rate = Double.NaN;
        try (EcgStore store = EcgStore.open(Path.of(plan.storePath()))) {
            for (RunPlan.TargetPlan t : plan.targets()) {
                OnnxModel model = OnnxModel.fromBytes(models.get(t.sha256()), t.model());
                try (ChunkEvaluator pipeline = compile(plan, registry, t, model, store)) {
                    if (Double.isNaN(rate)) {
                        rate = forwardRate(plan, t, pipeline, store);
                    }
                    if (plan.gallery().length > 0 && !Files.exists(layout.gallery(t.target()))) {
                        writeGallery(plan, t, pipeline, store, plan.gallery());
                    }
                }
            }
        }
        return rate;
    }

    private static ChunkEvaluator compile(RunPlan plan, MethodRegistry registry, RunPlan.TargetPlan t,
            OnnxModel model, EcgStore store) {
        try {
            return ChunkEvaluator.create(model, plan.runSpec(t, registry), t.leadList(), store.samples(),
                    store.samplingRateHz(), plan.executionOptions());
        } catch (HeatBenchException e) {
            throw new ConfigurationException("targets." + t.target() + " (model " + t.model() + "): "
                    + e.getMessage(), e);
        }
    }

    private static double forwardRate(RunPlan plan, RunPlan.TargetPlan t, ChunkEvaluator pipeline, EcgStore store) {
        int[] idx = new int[64];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = plan.indices()[i % plan.indices().length];
        }
        EcgBatch b = store.read(idx, t.leadList());
        pipeline.predict(b);
        long t0 = System.nanoTime();
        int reps = 0;
        while (reps < 3 || System.nanoTime() - t0 < 300_000_000L) {
            pipeline.predict(b);
            reps++;
        }
        return reps * idx.length / ((System.nanoTime() - t0) / 1e9);
    }

    private static void writeGallery(RunPlan plan, RunPlan.TargetPlan t, ChunkEvaluator pipeline, EcgStore store,
            int[] indices) {
        EcgBatch b = store.read(indices, t.leadList());
        List<RecordInput> inputs = pipeline.attribute(b);
        float[] prediction = pipeline.predict(b);
        int n = b.size();
        List<float[]> attributions = new ArrayList<>();
        int item = t.leads().size() * store.samples();
        for (String m : pipeline.methodNames()) {
            float[] a = new float[n * item];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs.get(i).attributions().get(m), 0, a, i * item, item);
            }
            attributions.add(a);
        }
        double[] truth = new double[n];
        int[] fid = new int[n * GalleryFile.FIDUCIALS.size()];
        for (int i = 0; i < n; i++) {
            truth[i] = inputs.get(i).truth();
            Fiducials f = b.fiducials(i);
            System.arraycopy(f.toArray(), 0, fid, i * GalleryFile.FIDUCIALS.size(), GalleryFile.FIDUCIALS.size());
        }
        GalleryFile.write(plan.layout().gallery(t.target()), new GalleryFile.Gallery(t.target(), t.unit(),
                pipeline.methodNames(), t.leads(), store.samplingRateHz(), store.samples(), b.ids(), b.indices(), truth,
                prediction, fid, b.signals(), attributions, t.model(), t.sha256(), plan.spec().seed(),
                HeatBenchVersion.get()));
    }

    private static String master(ExperimentSpec spec) {
        String m = spec.execution().master().trim();
        Matcher l = LOCAL.matcher(m);
        if (l.matches()) {
            // local[N, F]: retry failed tasks as a cluster would
            return "local[" + l.group(1) + "," + spec.execution().maxTaskFailures() + "]";
        }
        return m;
    }

    private static int slots(ExperimentSpec spec, SparkSession session) {
        if (session != null) {
            return Math.max(1, session.sparkContext().defaultParallelism());
        }
        Matcher l = LOCAL.matcher(spec.execution().master().trim());
        int cores = Runtime.getRuntime().availableProcessors();
        if (l.matches()) {
            int n = l.group(1).equals("*") ? cores : Integer.parseInt(l.group(1));
            int threads = Math.max(1, spec.execution().ortThreads());
            return Math.max(1, Math.min(n, cores / threads));
        }
        return Math.max(1, spec.execution().partitions());
    }

    /** A session for the spec: its master (unless empty, as under spark-submit), retries, ORT telemetry off. */
    static SparkSession createSession(ExperimentSpec spec) {
        SparkSession.Builder b = SparkSession.builder().appName("heatbench run " + spec.runId())
                .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
                .config("spark.task.maxFailures", Integer.toString(spec.execution().maxTaskFailures()))
                .config("spark.ui.showConsoleProgress", "false");
        if (!spec.execution().master().isBlank()) {
            b = b.master(master(spec));
            if (spec.execution().master().startsWith("local")) {
                b = b.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /** The Spark function of a unit: runs it with this task's attempt number. */
    private static final class UnitFunction implements VoidFunction<RunPlan.Unit> {
        private static final long serialVersionUID = 1L;
        private final RunPlan plan;
        private final Broadcast<Map<String, byte[]>> models;

        UnitFunction(RunPlan plan, Broadcast<Map<String, byte[]>> models) {
            this.plan = plan;
            this.models = models;
        }

        @Override
        public void call(RunPlan.Unit unit) {
            TaskContext tc = TaskContext.get();
            int attempt = tc == null ? 0 : tc.attemptNumber();
            long id = tc == null ? System.nanoTime() : tc.taskAttemptId();
            UnitTask.run(plan, unit, sha -> models.value().get(sha), attempt, id);
        }
    }

    /** Follows the commit markers and reports progress every two seconds. */
    private static Thread monitor(RunPlan plan, AtomicBoolean stop, Listener listener) {
        RunLayout layout = plan.layout();
        Map<Integer, Integer> sizes = new TreeMap<>();
        plan.units().forEach(u -> sizes.put(u.number(), u.size()));
        long total = (long) plan.indices().length * plan.targets().size();
        long already = plan.units().stream().filter(u -> Files.exists(layout.unitDone(u.target(), u.number())))
                .mapToLong(RunPlan.Unit::size).sum();
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> {
            boolean last = false;
            while (!last) {
                last = stop.get();
                int done = 0;
                long records = 0;
                for (RunPlan.Unit u : plan.units()) {
                    if (Files.exists(layout.unitDone(u.target(), u.number()))) {
                        done++;
                        records += u.size();
                    }
                }
                listener.progress(new JobProgress(done, plan.units().size(), records, total, records - already,
                        (System.nanoTime() - t0) / 1e9));
                if (!last) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "heatbench-progress");
        t.setDaemon(true);
        return t;
    }

    private static Map<String, Object> runJson(RunPlan plan, String state, String message,
            Map<String, Object> timing) {
        ExperimentSpec spec = plan.spec();
        RunLayout layout = plan.layout();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", RunLayout.FORMAT);
        r.put("format_version", RunLayout.FORMAT_VERSION);
        r.put("run_id", spec.runId());
        r.put("state", state);
        r.put("message", message);
        Map<String, Object> earlier = readJson(layout.run());
        r.put("created", earlier != null && earlier.get("created") != null ? earlier.get("created")
                : Instant.now().toString());
        r.put("finished", state.equals("running") ? null : Instant.now().toString());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("heatbench", HeatBenchVersion.get());
        versions.put("onnxruntime", GraphSession.onnxRuntimeVersion());
        versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        versions.put("java", System.getProperty("java.version"));
        r.put("versions", versions);
        r.put("seed", spec.seed());
        r.put("dataset", plan.storeInfo());
        List<Map<String, Object>> targets = new ArrayList<>();
        for (RunPlan.TargetPlan t : plan.targets()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("target", t.target());
            o.put("unit", t.unit());
            o.put("model", t.model());
            o.put("model_sha256", t.sha256());
            o.put("leads", t.leads());
            o.put("output_index", t.outputIndex());
            o.put("target_index", t.targetIndex());
            targets.add(o);
        }
        r.put("targets", targets);
        r.put("methods", spec.methods());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("preset", spec.perturbation().preset());
        if (!plan.targets().isEmpty()) {
            p.put("parameters", RunPlan.config(spec, Target.parse(plan.targets().get(0).target())).parameters());
        }
        r.put("perturbation", p);
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("master", spec.execution().master());
        ex.put("partitions", spec.execution().partitions());
        ex.put("unit_records", spec.execution().unitRecords());
        ex.put("ort_threads", spec.execution().ortThreads());
        ex.put("provider", spec.execution().provider());
        ex.put("batch_budget", spec.execution().batchBudget());
        ex.put("max_task_failures", spec.execution().maxTaskFailures());
        r.put("execution", ex);
        Map<String, Object> gallery = new LinkedHashMap<>();
        gallery.put("records", plan.gallery().length);
        gallery.put("record_ids", plan.galleryIds());
        r.put("gallery", gallery);
        r.put("counts", Summaries.counts(plan));
        r.put("timing", timing);
        return r;
    }

    static Map<String, Object> readJson(Path p) {
        if (!Files.exists(p)) {
            return null;
        }
        try {
            return JSON.readValue(p.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static void writeJson(Path p, Object value) {
        try {
            writeText(p, JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    static void writeText(Path p, String text) throws IOException {
        Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void cleanTemporaries(RunLayout layout) {
        for (Path dir : List.of(layout.records(), layout.units())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.getFileName().toString().startsWith(".")
                        && f.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("cannot remove temporary files in {}: {}", dir, e.toString());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Reads a committed unit's partial statistics. */
    static UnitPartial readPartial(Path file) {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return (UnitPartial) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new HeatBenchException("cannot read the partial statistics " + file + ": " + e, e);
        }
    }

    /** Writes CSV lines. */
    static void writeCsv(Path p, String header, List<List<String>> rows) throws IOException {
        Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (List<String> r : rows) {
                w.write(String.join(",", r.stream().map(ResultsWriter::csv).toList()));
                w.write('\n');
            }
        }
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The run's summary from the committed units. */
    static final class Summaries {
        private Summaries() {
        }

        /** Combines the committed units per target and writes every summary file; returns the committed units. */
        static int write(RunPlan plan, MethodRegistry registry) {
            RunLayout layout = plan.layout();
            ExperimentSpec spec = plan.spec();
            int done = 0;
            List<List<String>> components = new ArrayList<>();
            List<List<String>> skipped = new ArrayList<>();
            List<String> written = new ArrayList<>();
            try {
                for (RunPlan.TargetPlan t : plan.targets()) {
                    SummaryAccumulator acc = null;
                    ComponentShares comps = null;
                    long records = 0;
                    for (RunPlan.Unit u : plan.units()) {
                        if (!u.target().equals(t.target()) || !Files.exists(layout.unitDone(t.target(), u.number()))) {
                            continue;
                        }
                        UnitPartial p = readPartial(layout.unitSummary(t.target(), u.number()));
                        acc = acc == null ? p.summary() : acc.combine(p.summary());
                        comps = comps == null ? p.components() : comps.combine(p.components());
                        records += p.records();
                        for (UnitPartial.Skipped s : p.skipped()) {
                            skipped.add(List.of(t.target(), s.recordId(), Integer.toString(s.recordIndex()),
                                    s.method(), s.status(), s.message()));
                        }
                        done++;
                    }
                    if (acc == null) {
                        continue;
                    }
                    Map<String, Object> provenance = new LinkedHashMap<>();
                    provenance.put("tool", "heatbench run");
                    provenance.put("run_id", spec.runId());
                    provenance.put("heatbench_version", HeatBenchVersion.get());
                    provenance.put("onnxruntime_version", GraphSession.onnxRuntimeVersion());
                    provenance.put("java_version", System.getProperty("java.version"));
                    provenance.put("created", Instant.now().toString());
                    provenance.put("model", t.model());
                    provenance.put("model_sha256", t.sha256());
                    provenance.put("output_index", t.outputIndex());
                    provenance.put("target_index", t.targetIndex());
                    provenance.put("leads", t.leads());
                    provenance.put("target", t.target());
                    provenance.put("methods", spec.methods());
                    PerturbationConfig config = RunPlan.config(spec, Target.parse(t.target()));
                    provenance.put("preset", config.preset());
                    provenance.put("parameters", config.parameters());
                    provenance.put("seed", spec.seed());
                    Map<String, Object> data = new LinkedHashMap<>(plan.storeInfo());
                    data.put("records", records);
                    provenance.put("dataset", data);
                    ResultsWriter.writeSummary(layout.summary(t.target()), config, acc.finish(), provenance);
                    components.addAll(comps.rows(t.target()));
                    written.add(t.target());
                }
                for (String table : SUMMARY_TABLES) {
                    concatenate(layout, written, table);
                }
                writeCsv(layout.components(), "target,method,component,n,mean,sd,ci_low,ci_high", components);
                writeCsv(layout.skipped(), "target,record_id,record_index,method,status,message", skipped);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the summary in " + layout.summary(), e);
            }
            return done;
        }

        private static void concatenate(RunLayout layout, List<String> targets, String table) throws IOException {
            Path out = layout.summary().resolve(table);
            Path tmp = out.resolveSibling("." + table + ".tmp");
            boolean header = false;
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String t : targets) {
                    List<String> lines = Files.readAllLines(layout.summary(t).resolve(table), StandardCharsets.UTF_8);
                    for (int i = header ? 1 : 0; i < lines.size(); i++) {
                        w.write(lines.get(i));
                        w.write('\n');
                    }
                    header = true;
                }
            }
            if (header) {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(tmp);
            }
        }

        /** Counts for run.json, from the commit markers. */
        static Map<String, Object> counts(RunPlan plan) {
            RunLayout layout = plan.layout();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("units_total", plan.units().size());
            int done = 0;
            Map<String, Object> per = new LinkedHashMap<>();
            for (RunPlan.TargetPlan t : plan.targets()) {
                long records = 0;
                long rows = 0;
                long skippedRows = 0;
                long skippedRecords = 0;
                for (RunPlan.Unit u : plan.units()) {
                    Path marker = layout.unitDone(t.target(), u.number());
                    if (!u.target().equals(t.target()) || !Files.exists(marker)) {
                        continue;
                    }
                    done++;
                    Map<String, Object> m = readJson(marker);
                    if (m != null) {
                        records += ((Number) m.get("records")).longValue();
                        rows += ((Number) m.get("rows")).longValue();
                        skippedRows += ((Number) m.get("skipped")).longValue();
                        skippedRecords += ((Number) m.getOrDefault("records_skipped", 0)).longValue();
                    }
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("records_selected", plan.indices().length);
                o.put("records", records);
                o.put("rows", rows);
                o.put("records_skipped", skippedRecords);
                o.put("rows_without_curves", skippedRows);
                per.put(t.target(), o);
            }
            c.put("units_done", done);
            c.put("per_target", per);
            return c;
        }
    }
}
