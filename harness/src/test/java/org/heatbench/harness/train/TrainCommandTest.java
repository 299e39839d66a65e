package org.heatbench.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heatbench.harness.HeatBenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code heatbench train} and {@code heatbench evaluate} end to end on a small generated store. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private static String run(String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        assertEquals(0, rc, "exit code of " + String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    @Test
    void trainThenEvaluate() throws Exception {
        Path store = tmp.resolve("store");
        run("dataset", "generate", "--n", "160", "--out", store.toString(), "--leads", "8", "--threads", "1");
        Path model = tmp.resolve("models/qrs.onnx");
        String out = run("train", "--dataset", store.toString(), "--target", "qrs", "--arch", "stevennet-compact",
                "--epochs", "1", "--batch", "16", "--max-train", "48", "--threads", "1", "--out", model.toString());
        assertTrue(out.contains("test "), out);
        assertTrue(Files.exists(model));
        Path card = tmp.resolve("models/qrs.json");
        String json = Files.readString(card);
        assertTrue(json.contains("\"command\" : \"heatbench train --dataset"), json);
        assertTrue(json.contains("\"forward_flops_per_record\""), json);
        assertTrue(Files.exists(tmp.resolve("models/qrs.onnx.ckpt")), "checkpoint next to the model by default");

        Path csv = tmp.resolve("pred.csv");
        Path metrics = tmp.resolve("metrics.json");
        String ev = run("evaluate", "--model", model.toString(), "--dataset", store.toString(), "--split", "test",
                "--predictions", csv.toString(), "--metrics-json", metrics.toString(), "--threads", "1");
        assertTrue(ev.contains("MAE") && ev.contains("R²"), ev);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,index,split,prediction,truth", lines.get(0));
        assertTrue(lines.size() > 10, "one line per test record");
        assertTrue(Files.readString(metrics).contains("\"target\" : \"qrs\""));
    }

    /**
     * {@code --add-train} and {@code --val-from}: a second store's training records join, a third's validation split
     * selects the epoch, both on the card; misuse is one line before any work.
     */
    @Test
    void addedTrainingAndValidationStoresReachTheCard() throws Exception {
        Path store = tmp.resolve("store");
        Path extra = tmp.resolve("extra");
        run("dataset", "generate", "--n", "120", "--out", store.toString(), "--leads", "8", "--threads", "1");
        run("dataset", "generate", "--n", "40", "--seed", "5", "--out", extra.toString(), "--leads", "8",
                "--threads", "1", "--split", "0.5,0.5");
        Path model = tmp.resolve("models/qrs.onnx");
        run("train", "--dataset", store.toString(), "--target", "qrs", "--epochs", "1", "--batch", "16",
                "--max-train", "32", "--threads", "1", "--add-train", extra.toString(), "--add-repeat", "2",
                "--add-repeat-wide", "5", "--val-from", extra.toString(), "--out", model.toString());
        String json = Files.readString(tmp.resolve("models/qrs.json"));
        assertTrue(json.contains("\"added_training\"") && json.contains("\"repeat\" : 2")
                && json.contains("\"reference_sources\" : {") && json.contains("\"skipped_missing\" : 0") && json.contains("\"wide_qrs_repeat\" : 5")
                && json.contains("\"wide_qrs_records\" : "), json);
        assertTrue(json.contains("\"validation_store\" : \"" + extra + "\""), json);

        StringWriter err = new StringWriter();
        CommandLine cl = HeatBenchCli.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("train", "--dataset", store.toString(), "--target", "qrs", "--add-repeat", "3",
                "--out", tmp.resolve("models/x.onnx").toString());
        assertTrue(rc != 0 && err.toString().contains("--add-repeat needs an --add-train store"), err.toString());
        assertTrue(err.toString().strip().lines().count() <= 2, "one line, no stack trace: " + err);

        StringWriter err2 = new StringWriter();
        cl.setErr(new PrintWriter(err2));
        rc = cl.execute("train", "--dataset", store.toString(), "--target", "qrs", "--add-repeat-wide", "4",
                "--out", tmp.resolve("models/x.onnx").toString());
        assertTrue(rc != 0 && err2.toString().contains("--add-repeat-wide needs an --add-train store"),
                err2.toString());
    }

    /**
     * validate-real on the two MUSE medians in ../shared (skipped, with the reason, when absent): references are the
     * 12SL measurements from the XML, every record gets a prediction, and --write-cards adds real_validation to the
     * card of a copy of the shipped QT model.
     */
    @Test
    void validateRealWritesTheCard() throws Exception {
        Path muse = Path.of("..", "..", "shared", "data", "real", "muse_xml").toAbsolutePath().normalize();
        if (!Files.isDirectory(muse)) {
            System.err.println("skipped: " + muse + " not found (shared real data absent)");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "shared real data absent");
        }
        Path store = tmp.resolve("muse");
        run("dataset", "import", "--format", "muse", "--input", muse.toString(), "--out", store.toString());
        Path models = tmp.resolve("shipped");
        Files.createDirectories(models);
        Files.copy(Path.of("..", "models", "qt.onnx"), models.resolve("qt.onnx"));
        Files.copy(Path.of("..", "models", "qt.json"), models.resolve("qt.json"));
        String out = run("validate-real", "--model", models.resolve("qt.onnx").toString(), "--real", store.toString(),
                "--write-cards");
        assertTrue(out.contains("criterion |error| <= 30 ms"), out);
        assertTrue(out.matches("(?s).*example1\\s+reference\\s+452\\.0\\s+prediction\\s+\\d+\\.\\d.*"), out);
        assertTrue(out.matches("(?s).*example2\\s+reference\\s+420\\.0\\s+prediction.*"), out);
        String card = Files.readString(models.resolve("qt.json"));
        assertTrue(card.contains("\"real_validation\"") && card.contains("\"n_with_reference\" : 2"), card);
    }
}
