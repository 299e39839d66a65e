package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.RunLease;
import org.heatbench.results.run.RunManifest;
import org.heatbench.results.run.UnitMarker;
import org.heatbench.results.run.UnitPartial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder's reliability (issue 18, docs/RELIABILITY.md "Run folder and jobs"): --overwrite never deletes what
 * HeatBench did not write, damaged unit files are named and recomputed, one live driver per folder, honest states
 * (failed, interrupted, degraded), tasks sized from the pending units. One local[2] session serves every test.
 */
class RunFolderTest {
    @TempDir
    static Path tmp;
    static Path store;
    static SparkSession spark;
    static final MethodRegistry REGISTRY = MethodRegistry.standard();
    static final HeatBenchJob.Listener QUIET = new HeatBenchJob.Listener() {
    };

    @BeforeAll
    static void setUp() {
        store = JobFixtures.store(tmp.resolve("store"), 12, 3);
        spark = HeatBenchJob.createSession(spec("boot", "").withExecution(exec(0, 3)));
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorResources.closeAll();
    }

    static ExperimentSpec spec(String runId, String extra) {
        return SpecReader.create(REGISTRY).parse(JobFixtures.spec(runId, tmp.resolve("runs"), store, extra));
    }

    static ExperimentSpec.Execution exec(int partitions, int unitRecords) {
        return new ExperimentSpec.Execution("local[2]", partitions, unitRecords, 1, "cpu", "8MiB", 128, 4);
    }

    static HeatBenchJob.Outcome run(ExperimentSpec s) {
        return HeatBenchJob.run(s, REGISTRY, QUIET, spark, false);
    }

    static List<String> rows(RunLayout layout) {
        List<String> out = new ArrayList<>();
        for (Row r : spark.read().parquet(layout.records().toString()).collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }

    static String summaryTables(RunLayout layout) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String t : List.of("summary.csv", "mean_curves.csv", "rankings.csv", "pairwise.csv",
                "random_gap_tests.csv")) {
            sb.append(Files.readString(layout.summary().resolve(t)));
        }
        return sb.append(Files.readString(layout.components())).append(Files.readString(layout.skipped())).toString();
    }

    /** Collects what the driver says. */
    static final class Recorder implements HeatBenchJob.Listener {
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        final List<JobProgress> progress = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        @Override
        public void progress(JobProgress p) {
            progress.add(p);
        }
    }

    static RunManifest manifest(RunLayout layout) {
        return RunFiles.read(layout.run(), RunFiles.RUN_FORMAT, RunManifest.class);
    }

    static RunLayout layout(String runId) {
        return new RunLayout(tmp.resolve("runs").resolve(runId));
    }

    @Test
    void overwriteRefusesAFolderHeatBenchDidNotMake() throws IOException {
        Path foreign = Files.createDirectories(layout("documents").root());
        Path notes = Files.writeString(foreign.resolve("notes.txt"), "mine");
        Files.createDirectories(foreign.resolve("records"));
        Files.writeString(foreign.resolve("records/part-x.parquet"), "not ours either");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> HeatBenchJob.run(spec("documents", "").withExecution(exec(2, 5)), REGISTRY, QUIET, spark, true));
        assertTrue(e.getMessage().contains("is not empty and not a HeatBench run"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was deleted"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("mine", Files.readString(notes));
        assertTrue(Files.exists(foreign.resolve("records/part-x.parquet")));
    }

    @Test
    void overwriteDeletesOnlyTheFilesHeatBenchWrote() throws IOException {
        HeatBenchJob.Outcome first = run(spec("ow", "").withExecution(exec(2, 5)));
        Path root = first.layout().root();
        Files.writeString(root.resolve("notes.txt"), "mine");
        Files.writeString(root.resolve("records/analysis.csv"), "mine too");
        Recorder rec = new Recorder();
        HeatBenchJob.Outcome again = HeatBenchJob.run(spec("ow", "").withExecution(exec(2, 5)), REGISTRY, rec, spark,
                true);
        assertEquals(RunManifest.COMPLETE, again.state());
        assertEquals(again.unitsTotal(), again.unitsRun(), "everything recomputed");
        assertEquals("mine", Files.readString(root.resolve("notes.txt")));
        assertEquals("mine too", Files.readString(root.resolve("records/analysis.csv")));
        assertFalse(Files.exists(root.resolve("run.lease")), "the lease is released at the end");
        // progress is reported only when it changes (and once at the end)
        List<JobProgress> p = new ArrayList<>(rec.progress);
        for (int i = 1; i + 1 < p.size(); i++) {
            assertNotEquals(p.get(i - 1).recordsDone(), p.get(i).recordsDone(), "progress repeated: " + p);
        }
    }

    @Test
    void damagedOrDeletedUnitFilesAreNamedAndRecomputed() throws IOException {
        HeatBenchJob.Outcome clean = run(spec("damaged", "").withExecution(exec(2, 5)));
        RunLayout l = clean.layout();
        List<String> rows = rows(l);
        String tables = summaryTables(l);
        UnitMarker m = RunFiles.read(l.unitDone("qt", 0), RunFiles.UNIT_FORMAT, UnitMarker.class);
        assertEquals(spark.sparkContext().applicationId(), m.application());
        assertEquals(RunFiles.sha256(l.recordsPart("qt", 0)), m.files().get("records/part-qt-00000.parquet"));
        assertEquals(RunFiles.sha256(l.unitSummary("qt", 0)), m.files().get("units/qt-00000.partial.json.gz"));
        assertEquals(10, RunFiles.read(l.unitSummary("qt", 0), RunFiles.PARTIAL_FORMAT, UnitPartial.class).records()
                + RunFiles.read(l.unitSummary("qt", 1), RunFiles.PARTIAL_FORMAT, UnitPartial.class).records());
        try (Stream<Path> s = Files.list(l.units())) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".summary")), "no Java-serialised partials");
        }

        Files.delete(l.recordsPart("qt", 1));
        Files.write(l.unitSummary("qt", 0), new byte[(int) Files.size(l.unitSummary("qt", 0))]);
        byte[] part = Files.readAllBytes(l.recordsPart("qrs", 2));
        Files.write(l.recordsPart("qrs", 2), java.util.Arrays.copyOf(part, part.length / 2));
        Recorder rec = new Recorder();
        HeatBenchJob.Outcome resumed = HeatBenchJob.run(spec("damaged", "").withExecution(exec(2, 5)), REGISTRY, rec,
                spark, false);
        assertEquals(3, resumed.unitsRun(), rec.warnings.toString());
        String w = String.join("\n", rec.warnings);
        assertTrue(w.contains("unit 1 of qt is recomputed: records/part-qt-00001.parquet is missing"), w);
        assertTrue(w.contains("unit 0 of qt is recomputed: units/qt-00000.partial.json.gz does not match the SHA-256"), w);
        assertTrue(w.contains("unit 2 of qrs is recomputed: records/part-qrs-00002.parquet does not match"), w);
        assertEquals(RunManifest.COMPLETE, resumed.state());
        assertEquals(rows, rows(l));
        assertEquals(tables, summaryTables(l));
        RunManifest run = manifest(l);
        assertEquals(rows.size() / 2, run.counts().perTarget().get("qt").rows(), "run.json counts the rows on disk");
        // each target carries its model card in brief, as the card (read here independently) says
        com.fasterxml.jackson.databind.JsonNode card = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("../models/qt.json").toFile());
        RunManifest.ModelCard qt = run.targets().stream().filter(t -> t.target().equals("qt")).findFirst()
                .orElseThrow().card();
        assertTrue(qt != null && qt.matchesModel(), String.valueOf(qt));
        assertEquals(card.path("real_validation").path("n_with_reference").asInt(), qt.realN());
        assertEquals(card.path("metrics").path("test").path("mae").asDouble(), qt.syntheticTestMae());
        assertEquals(card.path("dataset").path("added_training").size(), qt.addedTraining().size());

        // one unit missing: one task, and the plan says one slot (not the session's two)
        Files.delete(l.unitDone("qrs", 3));
        HeatBenchJob.Outcome one = run(spec("damaged", "").withExecution(exec(0, 5)));
        assertEquals(1, one.unitsRun());
        assertEquals(1, one.estimate().slots());
        assertEquals(1, manifest(l).timing().slots());
        assertEquals(rows, rows(l));
    }

    @Test
    void tasksAreSizedFromThePendingUnits() {
        ExperimentSpec s = spec("sizing", "").withExecution(exec(0, 5));
        assertEquals(7, SparkExecution.tasks(s, 7), "default: one task per pending unit");
        assertEquals(3, SparkExecution.tasks(s.withExecution(exec(3, 5)), 7));
        assertEquals(2, SparkExecution.tasks(s.withExecution(exec(3, 5)), 2));
        assertEquals(2, SparkExecution.slots(spark, 7), "local[2]");
        assertEquals(1, SparkExecution.slots(spark, 1));
    }

    @Test
    void aLiveLeaseRefusesASecondDriverAndAStaleOneIsTakenOver() throws Exception {
        RunLayout l = run(spec("leased", "").withExecution(exec(2, 5))).layout();
        String now = Instant.now().toString();
        RunLease live = new RunLease(RunFiles.LEASE_FORMAT, RunFiles.FORMAT_VERSION,
                java.net.InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid(), "other", now, now);
        Path lease = l.root().resolve("run.lease");
        RunFiles.write(lease, live);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> run(spec("leased", "").withExecution(exec(2, 5))));
        assertTrue(e.getMessage().contains("is leased by another driver (pid " + ProcessHandle.current().pid()),
                e.getMessage());
        assertTrue(e.getMessage().contains("--break-lease"), e.getMessage());
        assertTrue(Files.exists(lease), "a refused driver leaves the other's lease alone");
        HeatBenchJob.Outcome broken = HeatBenchJob.run(spec("leased", "").withExecution(exec(2, 5)), REGISTRY, QUIET,
                spark, false, true);
        assertEquals(RunManifest.COMPLETE, broken.state());
        assertFalse(Files.exists(lease));

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunFiles.write(lease, new RunLease(RunFiles.LEASE_FORMAT, RunFiles.FORMAT_VERSION, live.host(), gone.pid(),
                "dead", now, now));
        assertEquals(RunManifest.COMPLETE, run(spec("leased", "").withExecution(exec(2, 5))).state(),
                "the lease of a process that is gone is stale");
        assertFalse(Files.exists(lease));
    }

    @Test
    void anUnreachableMasterIsOneLineNamingItAndTheRunIsFailed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ExperimentSpec s = spec("nomaster", "").withExecution(new ExperimentSpec.Execution("spark://127.0.0.1:" + port,
                0, 5, 1, "cpu", "8MiB", 128, 4));
        HeatBenchException e = assertThrows(HeatBenchException.class,
                () -> HeatBenchJob.run(s, REGISTRY, QUIET, null, false));
        assertTrue(e.getMessage().contains("the Spark master spark://127.0.0.1:" + port + " cannot be reached"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        RunManifest run = manifest(layout("nomaster"));
        assertEquals(RunManifest.FAILED, run.state());
        assertEquals(e.getMessage(), run.message());
        assertEquals(0, run.counts().unitsDone());
        assertFalse(Files.exists(layout("nomaster").root().resolve("run.lease")));
    }

    @Test
    void theShutdownHookRecordsAnInterruptedRunWithTheCommittedUnits() throws IOException {
        RunLayout l = run(spec("sigterm", "").withExecution(exec(2, 5))).layout();
        Files.delete(l.unitDone("qrs", 3));
        ExperimentSpec s = spec("sigterm", "").withExecution(exec(2, 5));
        RunPlan plan = RunPlan.create(s, REGISTRY, new LinkedHashMap<>());
        RunDirectory dir = RunDirectory.open(plan, REGISTRY, false, false);
        RunState state = RunState.start(plan, dir);
        assertEquals(RunManifest.RUNNING, manifest(l).state());
        state.hook().run(); // what the JVM runs on SIGTERM
        state.close();
        RunManifest run = manifest(l);
        assertEquals(RunManifest.INTERRUPTED, run.state());
        assertTrue(run.message().contains("stopped"), run.message());
        assertEquals(3, run.counts().unitsDone(), "counted from the markers");
        assertFalse(Files.exists(l.root().resolve("run.lease")));
    }

    @Test
    void nonFiniteModelOutputsEndTheRunDegradedNotComplete() throws IOException {
        Path nan = JobFixtures.nanModel(tmp.resolve("nan.onnx"), 12);
        String text = JobFixtures.spec("nan", tmp.resolve("runs"), store, "").replace("targets: {qt: " + JobFixtures.QT
                + ", qrs: " + JobFixtures.QRS + "}", "targets: {qt: " + nan + "}").replace("limit: 10", "limit: 6");
        Recorder rec = new Recorder();
        HeatBenchJob.Outcome o = HeatBenchJob.run(SpecReader.create(REGISTRY).parse(text).withExecution(exec(2, 3)),
                REGISTRY, rec, spark, false);
        assertEquals(RunManifest.DEGRADED, o.state());
        assertEquals(1.0, o.skippedShare());
        RunManifest run = manifest(o.layout());
        assertEquals(RunManifest.DEGRADED, run.state());
        assertTrue(run.message().contains("100.0% of the evaluated records have a skipped method"), run.message());
        assertEquals(6, run.counts().perTarget().get("qt").recordsSkipped());
        assertTrue(rec.warnings.stream().anyMatch(w -> w.contains("DEGRADED")), rec.warnings.toString());
        List<String> skipped = Files.readAllLines(o.layout().skipped());
        assertEquals(1 + 6 * 3, skipped.size(), "every record x method says why");
        assertTrue(skipped.get(1).contains("non_finite_prediction"), skipped.get(1));

        HeatBenchJob.Outcome tolerant = HeatBenchJob.run(SpecReader.create(REGISTRY).parse(text.replace("run_id: nan",
                "run_id: nan-tolerant") + "\nmax_skipped_share: 1").withExecution(exec(2, 3)), REGISTRY, QUIET, spark,
                false);
        assertEquals(RunManifest.COMPLETE, tolerant.state(), "the threshold is the spec's");
    }
}
