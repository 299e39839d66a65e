package org.heatbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classification target gives the same results from {@code heatbench run} (Spark) and {@code heatbench perturb
 * --kind classification}: the same summary tables byte for byte (mean curves of the class's loss and drop, scores,
 * rankings, decision flips) and the same row values, decision-flip columns included — one code path for both.
 */
class RunPerturbClassificationTest {
    private static final String MODEL = "../models/qrs.onnx";

    @TempDir
    static Path tmp;

    @Test
    void aClassEvaluatesTheSameInRunAndPerturb() throws IOException {
        Path store = tmp.resolve("store");
        CliRun g = CliRun.of("dataset", "generate", "--records", "8", "--out", store.toString(), "--seed", "3",
                "--threads", "1", "--labels");
        assertEquals(0, g.exit(), g.err());
        // the QRS regressor's output read as a logit (followed as the logit: its drop stays informative)
        Path perturbOut = tmp.resolve("perturb");
        CliRun p = CliRun.of("perturb", "--model", MODEL, "--dataset", store.toString(), "--kind", "classification",
                "--target", "wide", "--activation", "logit", "--label", "WIDE_QRS", "--method",
                "saliency:abs=false,random", "--preset", "standard", "--steps", "10", "--regions", "lead_window:w=20",
                "--split", "all", "--seed", "7", "--out", perturbOut.toString());
        assertEquals(0, p.exit(), p.err());
        Path spec = Files.writeString(tmp.resolve("spec.yaml"), String.join("\n",
                "run_id: cls",
                "output: " + tmp.resolve("runs"),
                "seed: 7",
                "dataset: {path: " + store + ", split: all}",
                "targets: {wide: {model: " + MODEL + ", kind: classification, activation: logit, label: WIDE_QRS}}",
                "methods: [saliency:abs=false, random]",
                "perturbation: {preset: standard, steps: 10, regions: 'lead_window:w=20'}",
                "gallery: {records: 2}",
                "execution: {master: 'local[2]', unit_records: 3}"));
        CliRun r = CliRun.of("run", "--config", spec.toString());
        assertEquals(0, r.exit(), r.err());
        Path run = tmp.resolve("runs").resolve("cls");
        for (String table : List.of("summary.csv", "mean_curves.csv", "rankings.csv", "pairwise.csv",
                "random_gap_tests.csv")) {
            assertEquals(Files.readString(perturbOut.resolve(table)),
                    Files.readString(run.resolve("summary").resolve("wide").resolve(table)), table);
        }
        assertTrue(Files.readString(perturbOut.resolve("summary.csv")).contains(",decision,flip_share,8,"));
        List<String> csv = Files.readAllLines(perturbOut.resolve("records.csv"));
        List<String> header = RunCommandTest.csvFields(csv.get(0));
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(run.resolve("records").toString()).collectAsList();
            assertEquals(csv.size() - 1, rows.size());
            Map<String, Row> byKey = new HashMap<>();
            rows.forEach(row -> byKey.put(row.getAs("record_id") + "|" + row.getAs("method"), row));
            for (String line : csv.subList(1, csv.size())) {
                List<String> f = RunCommandTest.csvFields(line);
                Row row = byKey.get(f.get(header.indexOf("record_id")) + "|" + f.get(header.indexOf("method")));
                assertNotNull(row, line);
                for (String col : List.of("truth", "prediction", "change_auc", "error_auc", "relative_error_auc",
                        "mass_accuracy", "flipped", "flip_step", "flip_fraction")) {
                    String text = f.get(header.indexOf(col));
                    Object v = row.getAs(col);
                    assertEquals(text.isEmpty() ? null : text, v == null ? null : v.toString(), col + " of " + line);
                }
            }
        } finally {
            spark.stop();
        }
    }
}
