package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability suite, concern "never destroy": no writer replaces one of its inputs or its model, or an existing file
 * without {@code --overwrite}; default output paths never overwrite. Each case checks the bytes stayed the same.
 */
class OutputSafetyReliabilityTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path ecgs;
    static Path store;

    @BeforeAll
    static void copies() throws Exception {
        model = Files.copy(Path.of("../examples/reference_cnn.onnx"), tmp.resolve("cnn.onnx"));
        ecgs = Files.copy(Path.of("../examples/reference_ecgs.h5"), tmp.resolve("ecgs.h5"));
        Files.copy(Path.of("../models/qt.onnx"), tmp.resolve("qt.onnx"), StandardCopyOption.REPLACE_EXISTING);
        store = tmp.resolve("store");
        assertEquals(0, CliRun.of("dataset", "generate", "--records", "12", "--out", store.toString(), "--leads", "8",
                "--threads", "1").exit());
    }

    private static CliRun attribute(Path out, String... extra) {
        String[] base = {"attribute", "--model", model.toString(), "--input", ecgs.toString(), "--method", "saliency",
            "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void attributeNeverWritesOverItsInputOrModel() throws Exception {
        byte[] in = Files.readAllBytes(ecgs);
        byte[] m = Files.readAllBytes(model);
        CliRun onInput = attribute(ecgs, "--overwrite");
        assertEquals(2, onInput.exit());
        assertTrue(onInput.err().contains("--out " + ecgs + " is the same path as --input"), onInput.err());
        CliRun onModel = attribute(tmp.resolve(".").resolve("cnn.onnx"), "--overwrite");
        assertEquals(2, onModel.exit());
        assertTrue(onModel.err().contains("is the same path as --model"), onModel.err());
        Path link = tmp.resolve("link.h5");
        Files.createSymbolicLink(link, ecgs);
        assertEquals(2, attribute(link, "--overwrite").exit(), "a link to the input is the input");
        assertArrayEquals(in, Files.readAllBytes(ecgs));
        assertArrayEquals(m, Files.readAllBytes(model));
    }

    @Test
    void attributeReplacesAnExistingFileOnlyWithOverwrite() throws Exception {
        Path out = tmp.resolve("mine.h5");
        Files.writeString(out, "precious");
        CliRun r = attribute(out);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--out " + out + " already exists; choose another path or pass --overwrite"),
                r.err());
        assertEquals("precious", Files.readString(out));
        assertEquals(0, attribute(out, "--overwrite").exit());
        assertFalse(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("precious"));
    }

    @Test
    void evaluatesDefaultPredictionsPathNeverOverwrites() throws Exception {
        Path qt = tmp.resolve("qt.onnx");
        Path def = tmp.resolve("qt-test-predictions.csv");
        Files.writeString(def, "someone's file");
        CliRun r = CliRun.of("evaluate", "--model", qt.toString(), "--dataset", store.toString(), "--threads", "1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--out " + def + " already exists"), r.err());
        assertEquals("someone's file", Files.readString(def));
        Path other = tmp.resolve("qt-all-predictions.csv");
        assertFalse(Files.exists(other));
        assertEquals(0, CliRun.of("evaluate", "--model", qt.toString(), "--dataset", store.toString(), "--split",
                "all", "--threads", "1").exit());
        assertTrue(Files.exists(other), "the default path for split all");
        CliRun again = CliRun.of("evaluate", "--model", qt.toString(), "--dataset", store.toString(), "--split",
                "all", "--threads", "1");
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
        CliRun onModel = CliRun.of("evaluate", "--model", qt.toString(), "--dataset", store.toString(), "--out",
                qt.toString(), "--overwrite");
        assertEquals(2, onModel.exit());
    }

    @Test
    void predictRefusesTheModelAndExistingFiles() throws Exception {
        Path qt = tmp.resolve("qt.onnx");
        byte[] m = Files.readAllBytes(qt);
        Path asCsv = tmp.resolve("qt.csv");
        Files.writeString(asCsv, "keep");
        CliRun r = CliRun.of("predict", "--model", qt.toString(), "--dataset", store.toString(), "--out",
                asCsv.toString());
        assertEquals(2, r.exit());
        assertEquals("keep", Files.readString(asCsv));
        CliRun bad = CliRun.of("predict", "--model", qt.toString(), "--dataset", store.toString(), "--out",
                qt.toString(), "--overwrite");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("must end in .csv or .parquet") || bad.err().contains("same path as --model"),
                bad.err());
        assertArrayEquals(m, Files.readAllBytes(qt));
    }

    @Test
    void importAndGenerateNeverWriteOverTheirInputs() throws Exception {
        Path folder = tmp.resolve("csvs");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("r.csv"), "I,II\n1,2\n");
        CliRun r = CliRun.of("dataset", "import", "--format", "csv", "--input", folder.toString(), "--out",
                folder.toString(), "--rate", "500", "--overwrite");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("is the same path as --input"), r.err());
        assertEquals("I,II\n1,2\n", Files.readString(folder.resolve("r.csv")));
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "notes");
        CliRun g = CliRun.of("dataset", "generate", "--records", "2", "--out", file.toString(), "--overwrite");
        assertEquals(1, g.exit());
        assertEquals("notes", Files.readString(file));
        Path mixed = tmp.resolve("mixed");
        Files.createDirectories(mixed);
        Files.writeString(mixed.resolve("thesis.tex"), "x");
        assertEquals(1, CliRun.of("dataset", "generate", "--records", "2", "--out", mixed.toString(), "--overwrite")
                .exit());
        assertEquals("x", Files.readString(mixed.resolve("thesis.tex")));
    }

    @Test
    void trainRefusesToReplaceAModelOrTheStore() throws Exception {
        Path out = tmp.resolve("trained/qrs.onnx");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "an earlier model");
        CliRun r = CliRun.of("train", "--dataset", store.toString(), "--target", "qrs", "--epochs", "1",
                "--threads", "1", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--out " + out + " already exists"), r.err());
        assertEquals("an earlier model", Files.readString(out));
        CliRun onStore = CliRun.of("train", "--dataset", store.toString(), "--target", "qrs", "--epochs", "1",
                "--threads", "1", "--out", tmp.resolve("t2.onnx").toString(), "--checkpoint",
                store.resolve("manifest.json").toString(), "--overwrite");
        assertEquals(2, onStore.exit(), onStore.err());
        assertTrue(Files.readString(store.resolve("manifest.json")).contains("\"complete\" : true"));
    }

    @Test
    void sanityAndRobustnessNeverReplaceTheirFilesWithoutOverwrite() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("trust"));
        Files.writeString(out.resolve("sanity.csv"), "mine");
        Files.writeString(out.resolve("robustness.json"), "mine too");
        CliRun s = CliRun.of("sanity", "--model", tmp.resolve("qt.onnx").toString(), "--dataset", store.toString(),
                "--target", "qt", "--method", "saliency", "--out", out.toString());
        assertEquals(2, s.exit(), s.err());
        assertTrue(s.err().contains("already holds sanity.csv"), s.err());
        CliRun r = CliRun.of("robustness", "--model", tmp.resolve("qt.onnx").toString(), "--dataset",
                store.toString(), "--target", "qt", "--method", "saliency,random", "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("already holds robustness.json"), r.err());
        assertEquals("mine", Files.readString(out.resolve("sanity.csv")));
        assertEquals("mine too", Files.readString(out.resolve("robustness.json")));
        CliRun onStore = CliRun.of("sanity", "--model", tmp.resolve("qt.onnx").toString(), "--dataset",
                store.toString(), "--target", "qt", "--method", "saliency", "--out", store.toString(), "--overwrite");
        assertEquals(2, onStore.exit());
        assertTrue(onStore.err().contains("is the same path as --dataset"), onStore.err());
    }
}
