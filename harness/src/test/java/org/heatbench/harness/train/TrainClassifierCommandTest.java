package org.heatbench.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heatbench train --task classification} end to end on a small generated store without a label sidecar
 * (synthetic labels derived from its targets), then {@code heatbench evaluate --labels} on the exported logits; and
 * the one-line errors of a bad label list.
 */
class TrainClassifierCommandTest {
    @TempDir
    Path tmp;

    private Path store() {
        Path store = tmp.resolve("store");
        CliRun g = CliRun.of("dataset", "generate", "--n", "200", "--out", store.toString(), "--threads", "1");
        assertEquals(0, g.exit(), g.err());
        return store;
    }

    @Test
    void trainsAClassifierAndEvaluatesIt() throws Exception {
        Path store = store();
        Path model = tmp.resolve("m/cls.onnx");
        CliRun t = CliRun.of("train", "--task", "classification", "--dataset", store.toString(), "--labels",
                "TINV_V5,BRADY,LONG_QT", "--epochs", "1", "--batch", "16", "--threads", "1", "--bn-batches", "2",
                "--out", model.toString());
        assertEquals(0, t.exit(), t.out() + t.err());
        assertTrue(t.out().contains("TINV_V5") && t.out().contains("AUROC"), t.out());
        String card = Files.readString(tmp.resolve("m/cls.json"));
        assertTrue(card.contains("\"task\" : \"multi-label classification\""), card);
        assertTrue(card.contains("binary cross-entropy with logits"), card);
        assertTrue(card.contains("\"auroc\""), card);
        assertTrue(card.contains("derived from the store's measured targets"), card);

        CliRun e = CliRun.of("evaluate", "--model", model.toString(), "--dataset", store.toString(), "--split", "test",
                "--labels", "TINV_V5,BRADY,LONG_QT", "--activation", "sigmoid", "--threads", "1");
        assertEquals(0, e.exit(), e.out() + e.err());
        assertTrue(e.out().contains("AUROC") && e.out().contains("LONG_QT"), e.out());
        // the model names its labels: a subset in another order is scored against each label's own logit
        CliRun sub = CliRun.of("evaluate", "--model", model.toString(), "--dataset", store.toString(), "--split",
                "test", "--labels", "LONG_QT,TINV_V5", "--activation", "sigmoid", "--threads", "1");
        assertEquals(0, sub.exit(), sub.out() + sub.err());
        assertEquals(row(e.out(), "LONG_QT"), row(sub.out(), "LONG_QT"));
        assertEquals(row(e.out(), "TINV_V5"), row(sub.out(), "TINV_V5"));
        CliRun few = CliRun.of("evaluate", "--model", model.toString(), "--dataset", store.toString(), "--split",
                "test", "--labels", "BRADY", "--activation", "sigmoid", "--records", "20", "--threads", "1");
        assertEquals(0, few.exit(), few.out() + few.err());
        assertTrue(few.out().contains("20 records"), few.out());
        assertTrue(row(few.out(), "BRADY").matches("BRADY\\s+20\\s.*"), few.out());
    }

    private static String row(String out, String label) {
        return out.lines().filter(l -> l.strip().startsWith(label + " ")).findFirst().orElseThrow().strip();
    }

    @Test
    void aBadLabelIsOneClearLine() {
        Path store = store();
        CliRun t = CliRun.of("train", "--task", "classification", "--dataset", store.toString(), "--labels",
                "AVB1,AFIB", "--epochs", "1", "--threads", "1", "--out", tmp.resolve("x.onnx").toString());
        assertEquals(2, t.exit(), t.out() + t.err());
        String err = t.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), err);
        assertTrue(err.contains("'AFIB'") && err.contains("AVB1"), err);
        assertFalse(Files.exists(tmp.resolve("x.onnx")), "nothing written");

        CliRun d = CliRun.of("train", "--task", "classification", "--dataset", store.toString(), "--labels",
                "AVB1,AVB1", "--out", tmp.resolve("y.onnx").toString());
        assertEquals(2, d.exit(), d.err());
        assertTrue(d.err().contains("distinct"), d.err());
    }

    @Test
    void checkpointsEveryEpochAndResumes() throws Exception {
        Path store = store();
        Path model = tmp.resolve("r/cls.onnx");
        Path ckpt = tmp.resolve("r/cls.onnx.ckpt");
        String[] common = {"train", "--task", "classification", "--dataset", store.toString(), "--labels",
            "TINV_V5,BRADY", "--batch", "16", "--threads", "1", "--bn-batches", "2", "--max-train", "64",
            "--max-val", "16", "--out", model.toString()};
        CliRun first = CliRun.of(concat(common, "--epochs", "1"));
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(Files.exists(ckpt), "the default checkpoint is OUT.ckpt");
        assertTrue(Files.readString(tmp.resolve("r/cls.json")).contains("\"resumed_from_epoch\" : 0"));

        CliRun again = CliRun.of(concat(common, "--epochs", "2"));
        assertEquals(2, again.exit(), "the model is not replaced without --resume or --overwrite: " + again.err());

        CliRun resumed = CliRun.of(concat(common, "--epochs", "2", "--resume"));
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        String card = Files.readString(tmp.resolve("r/cls.json"));
        assertTrue(card.contains("\"resumed_from_epoch\" : 1"), card);

        // other settings than the checkpoint's: one line naming it, nothing trained
        CliRun other = CliRun.of(concat(common, "--epochs", "3", "--seed", "7", "--resume"));
        assertEquals(2, other.exit(), other.out() + other.err());
        String err = other.err().strip();
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
        assertTrue(err.contains(ckpt.toString()) && err.contains("other settings"), err);
        assertTrue(Files.readString(tmp.resolve("r/cls.json")).contains("\"resumed_from_epoch\" : 1"));

        Path fresh = tmp.resolve("r/fresh.onnx");
        CliRun missing = CliRun.of("train", "--task", "classification", "--dataset", store.toString(), "--labels",
                "BRADY", "--epochs", "1", "--threads", "1", "--out", fresh.toString(), "--resume");
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains(fresh + ".ckpt does not exist"), missing.err());
        assertFalse(Files.exists(fresh));

        CliRun augment = CliRun.of("train", "--task", "classification", "--dataset", store.toString(), "--labels",
                "BRADY", "--augment", "default", "--out", fresh.toString());
        assertEquals(2, augment.exit(), augment.err());
        assertTrue(augment.err().contains("--augment"), augment.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
