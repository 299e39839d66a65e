package org.heatbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a small spec through {@code heatbench run} (Spark local mode) gives, row for row and table for table,
 * what {@code heatbench perturb} gives for the same model, records, methods and seed.
 */
class RunCommandTest {
    private static final String MODEL = "../models/qt.onnx";
    private static final String METHODS = "saliency:abs=false,integrated_gradients:steps=4,rule=riemann_left,random";

    @TempDir
    static Path tmp;
    static Path store;

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void makeStore() {
        store = tmp.resolve("store");
        CliRun r = cli("dataset", "generate", "--n", "12", "--out", store.toString(), "--seed", "3", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
    }

    static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void aSparkRunEqualsHeatbenchPerturbOnTheSameRecords() throws IOException {
        Path perturbOut = tmp.resolve("perturb");
        CliRun p = cli("perturb", "--model", MODEL, "--dataset", store.toString(), "--target", "qt", "--method", METHODS,
                "--preset", "standard", "--steps", "15", "--split", "all", "--records", "8", "--seed", "7", "--out",
                perturbOut.toString());
        assertEquals(0, p.exit(), p.err());

        Path spec = Files.writeString(tmp.resolve("spec.yaml"), String.join("\n",
                "run_id: e2e",
                "output: " + tmp.resolve("runs"),
                "seed: 7",
                "dataset: {path: " + store + ", split: all, limit: 8}",
                "targets: {qt: " + MODEL + "}",
                "methods: [saliency:abs=false, 'integrated_gradients:steps=4,rule=riemann_left', random]",
                "perturbation: {preset: standard, steps: 15}",
                "gallery: {records: 2}",
                "execution: {master: 'local[2]', unit_records: 3}"));
        CliRun r = cli("run", "--config", spec.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("estimate:") && r.err().contains("8/8 record-targets (100%)"), r.err());
        Path run = tmp.resolve("runs").resolve("e2e");
        assertTrue(r.out().contains("report:  " + run.resolve("report").resolve("index.html")), r.out());
        assertTrue(Files.size(run.resolve("report").resolve("index.html")) > 1000);

        // the same files from the same code: perturb writes component shares too
        for (String table : List.of("summary.csv", "mean_curves.csv", "rankings.csv", "pairwise.csv",
                "random_gap_tests.csv", "components.csv")) {
            assertEquals(Files.readString(perturbOut.resolve(table)),
                    Files.readString(run.resolve("summary").resolve("qt").resolve(table)), table);
            assertEquals(Files.readString(perturbOut.resolve(table)),
                    Files.readString(run.resolve("summary").resolve(table)), "run-level " + table);
        }

        List<String> csv = Files.readAllLines(perturbOut.resolve("records.csv"));
        List<String> header = csvFields(csv.get(0));
        Map<String, List<String>> perturbCurves = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(perturbOut.resolve("curves.csv.gz")))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList()) {
                List<String> f = csvFields(line);
                if (f.get(3).equals("prediction")) {
                    perturbCurves.put(f.get(0) + "|" + f.get(1) + "|" + f.get(2), f.subList(4, f.size()));
                }
            }
        }
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(run.resolve("records").toString()).collectAsList();
            assertEquals(csv.size() - 1, rows.size(), "one Parquet row per records.csv row");
            Map<String, Row> byKey = new HashMap<>();
            rows.forEach(row -> byKey.put(row.getAs("record_id") + "|" + row.getAs("method"), row));
            int compared = 0;
            int id = header.indexOf("record_id");
            int method = header.indexOf("method");
            List<String> parquetColumns = List.of(rows.get(0).schema().fieldNames());
            assertEquals(header, parquetColumns.subList(0, header.size()),
                    "records.csv has the Parquet rows' scalar columns, in order (one schema)");
            assertEquals(List.of("curve_morf", "curve_lerf", "curve_random"),
                    parquetColumns.subList(header.size(), parquetColumns.size()));
            for (String line : csv.subList(1, csv.size())) {
                List<String> f = csvFields(line);
                Row row = byKey.get(f.get(id) + "|" + f.get(method));
                assertNotNull(row, line);
                for (int c = 0; c < header.size(); c++) {
                    String col = header.get(c);
                    assertEquals(col, row.schema().fieldNames()[c], "column " + c);
                    Object v = row.getAs(col);
                    if (v instanceof String text) {
                        assertEquals(f.get(c), text, col);
                    } else if (f.get(c).isEmpty()) {
                        assertEquals(null, v, col + " of " + line);
                    } else if (v instanceof Integer i) {
                        assertEquals(Integer.parseInt(f.get(c)), i, col);
                    } else if (v instanceof Float x) {
                        assertEquals(Float.parseFloat(f.get(c)), x, 0f, col);
                    } else if (v instanceof Boolean x) {
                        assertEquals(Boolean.parseBoolean(f.get(c)), x, col);
                    } else {
                        assertEquals(Double.parseDouble(f.get(c)), (Double) v, 0.0, col + " of " + line);
                        compared++;
                    }
                }
                for (String order : List.of("morf", "lerf", "random")) {
                    List<String> expected = perturbCurves.get(f.get(id) + "|" + f.get(method) + "|" + order);
                    List<Object> got = row.getList(row.fieldIndex("curve_" + order));
                    if (expected == null) {
                        assertEquals(null, got, order);
                        continue;
                    }
                    assertEquals(expected.size(), got.size());
                    for (int k = 0; k < got.size(); k++) {
                        assertEquals(Float.parseFloat(expected.get(k)), (Float) got.get(k), 0f);
                    }
                }
            }
            assertTrue(compared > 8 * 4 * 10, "scores compared: " + compared);
        } finally {
            spark.stop();
        }
    }

    @Test
    void printSpecShowsTheEmbeddedDefault() {
        CliRun r = cli("run", "--print-spec");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"run_id\" : \"default\""), r.out());
        assertTrue(r.out().contains("\"t_amp_v5\""));
        assertTrue(r.out().contains("lrp:epsilon=0.01"));
    }

    @Test
    void aBadSpecFailsWithExitTwoAndNamesTheField() throws IOException {
        Path spec = Files.writeString(tmp.resolve("bad.yaml"), String.join("\n",
                "run_id: bad",
                "output: " + tmp.resolve("runs"),
                "dataset: {path: " + store + "}",
                "targets: {qt: models/missing.onnx}"));
        CliRun r = cli("run", "--config", spec.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("targets.qt: model file models/missing.onnx does not exist"), r.err());
    }

    /** A failure before the first unit (here: a standalone master nobody listens on) is one line, exit 2. */
    @Test
    void anUnreachableMasterIsOneLineExitTwoAndTheRunIsMarkedFailed() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path spec = Files.writeString(tmp.resolve("nomaster.yaml"), String.join("\n",
                "run_id: nomaster",
                "output: " + tmp.resolve("runs"),
                "dataset: {path: " + store + ", split: all, limit: 4}",
                "targets: {qt: " + MODEL + "}",
                "methods: [random]",
                "perturbation: {preset: standard, steps: 5}",
                "gallery: {records: 0}"));
        CliRun r = cli("run", "--config", spec.toString(), "--master", "spark://127.0.0.1:" + port, "--no-report");
        assertEquals(2, r.exit(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("heatbench run: error:")).toList();
        assertEquals(List.of("heatbench run: error: execution.master: the Spark master spark://127.0.0.1:" + port
                + " cannot be reached (Connection refused)"), errors, r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        String run = Files.readString(tmp.resolve("runs").resolve("nomaster").resolve("run.json"));
        assertTrue(run.contains("\"state\" : \"failed\""), run);
    }

    /** --overwrite of a folder HeatBench did not make deletes nothing and says so in one line. */
    @Test
    void overwriteOfAForeignFolderIsRefused() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("home").resolve("Documents"));
        Files.writeString(mine.resolve("thesis.tex"), "years of work");
        CliRun r = cli("run", "--run-id", "Documents", "--output", tmp.resolve("home").toString(), "--overwrite",
                "--no-report", "--config", Files.writeString(tmp.resolve("docs.yaml"), String.join("\n",
                        "run_id: x", "output: x", "dataset: {path: " + store + ", split: all, limit: 4}",
                        "targets: {qt: " + MODEL + "}", "methods: [random]",
                        "perturbation: {preset: standard, steps: 5}")).toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("is not empty and not a HeatBench run") && r.err().contains("nothing was deleted"),
                r.err());
        assertEquals("years of work", Files.readString(mine.resolve("thesis.tex")));
    }
}
