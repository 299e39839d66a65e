package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.RunLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local mode: partition-count independence, task failures with retries, a failed job resumed, and
 * a changed spec refused. One session (local[2], up to 4 attempts per task) serves every test.
 */
class SparkJobTest {
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
        ExperimentSpec s = spec("boot", "");
        spark = HeatBenchJob.createSession(s.withExecution(new ExperimentSpec.Execution("local[2]", 0, 3, 1, "cpu",
                "8MiB", 128, 4)));
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

    static HeatBenchJob.Outcome run(ExperimentSpec s) {
        return HeatBenchJob.run(s, REGISTRY, QUIET, spark, false);
    }

    /** Every Parquet row, sorted, as text (all columns). */
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
        sb.append(Files.readString(layout.components())).append(Files.readString(layout.skipped()));
        return sb.toString();
    }

    static ExperimentSpec.Execution exec(int partitions, int unitRecords) {
        return new ExperimentSpec.Execution("local[2]", partitions, unitRecords, 1, "cpu", "8MiB", 128, 4);
    }

    static List<Path> hiddenFiles(RunLayout layout) throws IOException {
        try (Stream<Path> s = Files.walk(layout.root())) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void resultsDoNotDependOnPartitionsOrUnitSize() throws IOException {
        HeatBenchJob.Outcome a = run(spec("parts-a", "").withExecution(exec(1, 5)));
        HeatBenchJob.Outcome b = run(spec("parts-b", "").withExecution(exec(3, 2)));
        assertEquals("complete", a.state());
        assertEquals(4, a.unitsTotal(), "2 targets x 10 / 5");
        assertEquals(10, b.unitsTotal(), "2 targets x ceil(10 / 2)");
        List<String> ra = rows(a.layout());
        assertEquals(2 * 10 * 4, ra.size(), "targets x records x (3 methods + random-order control)");
        assertEquals(ra, rows(b.layout()));
        assertEquals(summaryTables(a.layout()), summaryTables(b.layout()));
        JsonNode run = new ObjectMapper().readTree(a.layout().run().toFile());
        assertEquals("complete", run.get("state").asText());
        assertEquals(10, run.get("counts").get("per_target").get("qt").get("records").asInt());
        assertEquals(0, run.get("counts").get("per_target").get("qt").get("records_skipped").asInt());
        assertEquals(40, run.get("counts").get("per_target").get("qt").get("rows").asInt());
        assertEquals(JobFixtures.QT.toString(), run.get("targets").get(0).get("model").asText());
        assertEquals(64, run.get("targets").get(0).get("model_sha256").asText().length());
        GalleryFile.Gallery g = GalleryFile.read(a.layout().gallery("qt"));
        assertEquals(2, g.size());
        assertEquals(3, g.methods().size());
        assertEquals(run.get("gallery").get("record_ids").get(0).asText(), g.recordIds().get(0));
    }

    @Test
    void failedTaskAttemptsAreRetriedWithoutDuplicateOrMissingRows() throws IOException {
        HeatBenchJob.Outcome clean = run(spec("clean", "").withExecution(exec(2, 3)));
        ExperimentSpec faulty = spec("faulty", "fault_injection: {units: [1, 4, 6], attempts: 2}")
                .withExecution(exec(2, 3));
        HeatBenchJob.Outcome f = run(faulty);
        assertEquals("complete", f.state());
        List<String> rows = rows(f.layout());
        assertEquals(rows(clean.layout()), rows);
        assertEquals(rows.size(), rows.stream().distinct().count());
        assertEquals(summaryTables(clean.layout()), summaryTables(f.layout()));
        assertEquals(List.of(), hiddenFiles(f.layout()), "no temporary file of a failed attempt is left");
        JsonNode marker = new ObjectMapper().readTree(f.layout().unitDone("qt", 1).toFile());
        assertEquals(2, marker.get("attempt").asInt(), "unit 1 committed by its third attempt");
    }

    @Test
    void aFailedJobKeepsCommittedUnitsAndResumes() throws IOException {
        HeatBenchJob.Outcome clean = run(spec("resume-clean", "").withExecution(exec(2, 3)));
        ExperimentSpec broken = spec("resume", "fault_injection: {units: [2], attempts: 100}")
                .withExecution(exec(2, 3));
        HeatBenchException e = assertThrows(HeatBenchException.class, () -> run(broken));
        assertTrue(e.getMessage().contains("injected failure of unit 2"), e.getMessage());
        assertTrue(e.getMessage().contains("run the same spec again to resume"), e.getMessage());
        RunLayout layout = new RunLayout(clean.layout().root().resolveSibling("resume"));
        JsonNode run = new ObjectMapper().readTree(layout.run().toFile());
        assertEquals("partial", run.get("state").asText());
        assertTrue(run.get("message").asText().contains("unit 2"));
        assertFalse(Files.exists(layout.unitDone("qt", 2)));
        assertFalse(Files.exists(layout.recordsPart("qt", 2)), "the failed unit has no rows");
        int committed = run.get("counts").get("units_done").asInt();
        // units 0 and 1 precede unit 2 in its partition; Spark cancels the rest of the stage when the job fails
        assertTrue(committed >= 2 && committed < 8, "committed " + committed);
        assertTrue(Files.exists(layout.unitDone("qt", 0)) && Files.exists(layout.unitDone("qt", 1)));
        assertTrue(Files.exists(layout.summary("qt").resolve("summary.csv")), "summary of what is committed");

        HeatBenchJob.Outcome resumed = run(broken.withFaults(ExperimentSpec.FaultInjection.none()));
        assertEquals("complete", resumed.state());
        assertEquals(8 - committed, resumed.unitsRun(), "only the missing units are computed");
        assertEquals(rows(clean.layout()), rows(layout));
        assertEquals(summaryTables(clean.layout()), summaryTables(layout));
    }

    @Test
    void aRunIdHoldingAnotherSpecIsRefused() {
        run(spec("taken", "").withExecution(exec(2, 5)));
        ExperimentSpec other = SpecReader.create(REGISTRY).parse(JobFixtures.spec("taken", tmp.resolve("runs"), store,
                "").replace("seed: 7", "seed: 8"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> run(other));
        assertTrue(e.getMessage().contains("(seed, execution.unit_records differ)"), e.getMessage());
        HeatBenchJob.Outcome again = run(spec("taken", "").withExecution(exec(1, 5)));
        assertEquals(0, again.unitsRun(), "same spec, other partitions: nothing to redo");
    }
}
