package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.CliRun;
import org.heatbench.methods.onnx.InvalidModelException;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability suite, concern "no code or file from data": an ONNX model's external data is read only from its own
 * folder (genuine models load from any working directory; hostile locations are refused with the tensor named), and
 * store shards carry SHA-256 checksums verified on read (zeroed, truncated, swapped and deleted shards are named).
 */
class DataSafetyReliabilityTest {
    static final Path CNN = Path.of("../examples/reference_cnn.onnx");
    static final Path ECGS = Path.of("../examples/reference_ecgs.h5");

    @TempDir
    static Path tmp;

    /** Writes the reference CNN with every raw-data initializer moved into {@code dir/weights.bin}. */
    static Path externalModel(Path dir, String locationOverride) throws Exception {
        return externalModel(CNN, dir, locationOverride);
    }

    /** Writes {@code source} with every raw-data initializer moved into {@code dir/weights.bin}. */
    static Path externalModel(Path source, Path dir, String locationOverride) throws Exception {
        Files.createDirectories(dir);
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(source));
        ModelProto.Builder b = proto.toBuilder();
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        int moved = 0;
        for (int i = 0; i < proto.getGraph().getInitializerCount(); i++) {
            TensorProto t = proto.getGraph().getInitializer(i);
            if (t.getRawData().isEmpty()) {
                continue;
            }
            long offset = weights.size();
            t.getRawData().writeTo(weights);
            String location = locationOverride != null && moved == 0 ? locationOverride : "weights.bin";
            b.getGraphBuilder().setInitializer(i, t.toBuilder().clearRawData()
                    .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", location))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Long.toString(t.getRawData().size()))).build());
            moved++;
        }
        assertTrue(moved > 0, "the reference CNN keeps its weights as raw data");
        Files.write(dir.resolve("weights.bin"), weights.toByteArray());
        Path model = dir.resolve("model.onnx");
        Files.write(model, b.build().toByteArray());
        return model;
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    @Test
    void genuineExternalDataLoadsFromAnyWorkingDirectory() throws Exception {
        // the test runs in harness/, the model lies in a temporary folder: the data must come from that folder
        Path model = externalModel(tmp.resolve("genuine"), null);
        OnnxModel original = OnnxModel.load(CNN);
        OnnxModel loaded = OnnxModel.load(model);
        for (String name : original.initializers().keySet()) {
            assertEquals(original.initializers().get(name).getRawData(), loaded.initializers().get(name).getRawData(),
                    name);
        }
        Path a = tmp.resolve("a-ext.h5");
        Path b = tmp.resolve("a-orig.h5");
        CliRun ext = CliRun.of("attribute", "--model", model.toString(), "--input", ECGS.toString(), "--method",
                "saliency", "--out", a.toString());
        assertEquals(0, ext.exit(), ext.err());
        assertEquals(0, CliRun.of("attribute", "--model", CNN.toString(), "--input", ECGS.toString(), "--method",
                "saliency", "--out", b.toString()).exit());
        try (io.jhdf.HdfFile fa = new io.jhdf.HdfFile(a); io.jhdf.HdfFile fb = new io.jhdf.HdfFile(b)) {
            float[][][] x = (float[][][]) fa.getDatasetByPath("/attributions").getData();
            float[][][] y = (float[][][]) fb.getDatasetByPath("/attributions").getData();
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    assertArrayEquals(y[i][j], x[i][j]);
                }
            }
        }
    }

    @Test
    void genuineExternalDataRunsUnderHeatbenchRun() throws Exception {
        Path model = externalModel(Path.of("../models/qt.onnx"), tmp.resolve("run-model"), null);
        Path s = store("run-store");
        Path spec = Files.writeString(tmp.resolve("ext.yaml"), String.join("\n",
                "run_id: ext",
                "output: " + tmp.resolve("runs"),
                "dataset: {path: " + s + ", split: all, limit: 2}",
                "targets: {qt: " + model + "}",
                "methods: [saliency]",
                "perturbation: {preset: study, steps: 5}",
                "gallery: {records: 1}",
                "execution: {master: 'local[1]', unit_records: 2}"));
        CliRun r = CliRun.of("run", "--config", spec.toString(), "--no-report");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("2/2 record-targets (100%)"), r.err());
    }

    @Test
    void externalDataOutsideTheModelsFolderIsRefused() throws Exception {
        Path secret = tmp.resolve("secret.env");
        Files.writeString(secret, "API_KEY=hunter2\n".repeat(400));
        Path hostile = externalModel(tmp.resolve("hostile"), "../secret.env");
        Path out = tmp.resolve("stolen.h5");
        CliRun r = CliRun.of("attribute", "--model", hostile.toString(), "--input", ECGS.toString(), "--method",
                "saliency", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("external data '../secret.env' outside the model's folder"), r.err());
        assertTrue(r.err().contains("initializer '"), "the tensor is named: " + r.err());
        assertFalse(Files.exists(out));

        Path absolute = externalModel(tmp.resolve("absolute"), secret.toAbsolutePath().toString());
        InvalidModelException abs = assertThrows(InvalidModelException.class, () -> OnnxModel.load(absolute));
        assertTrue(abs.getMessage().contains("absolute path"), abs.getMessage());

        Path linked = externalModel(tmp.resolve("linked"), "inside.bin");
        Files.createSymbolicLink(tmp.resolve("linked/inside.bin"), secret);
        InvalidModelException link = assertThrows(InvalidModelException.class, () -> OnnxModel.load(linked));
        assertTrue(link.getMessage().contains("leads outside the model's folder"), link.getMessage());

        // a location that exists only in the working directory is not found (it was read from there before)
        Path cwd = Files.writeString(Path.of("target/cwd-only.bin"), "x".repeat(4096));
        try {
            Path wd = externalModel(tmp.resolve("wd"), "target/cwd-only.bin");
            InvalidModelException nf = assertThrows(InvalidModelException.class, () -> OnnxModel.load(wd));
            assertTrue(nf.getMessage().contains("not found next to the model"), nf.getMessage());
        } finally {
            Files.deleteIfExists(cwd);
        }
        // bytes handed over without a folder cannot name files at all
        assertThrows(InvalidModelException.class, () -> OnnxModel.fromBytes(Files.readAllBytes(hostile), "bytes"));
    }

    static Path store(String name) {
        Path dir = tmp.resolve(name);
        CliRun r = CliRun.of("dataset", "generate", "--records", "40", "--shard-size", "10", "--out", dir.toString(),
                "--leads", "8", "--seed", "5", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        return dir;
    }

    private static CliRun predict(Path store) {
        return CliRun.of("predict", "--model", "../models/qt.onnx", "--dataset", store.toString(), "--split", "all",
                "--out", store.resolveSibling(store.getFileName() + "-" + System.nanoTime() + ".csv").toString(),
                "--threads", "1");
    }

    @Test
    void zeroedShardBytesAreNamed() throws Exception {
        Path s = store("zeroed");
        assertEquals(0, predict(s).exit());
        Path shard = s.resolve("shard-00001.h5");
        assertTrue(Files.size(shard) > 100_000);
        try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
            f.seek(Files.size(shard) / 2 - 30 * 1024); // the middle: signal chunks, not HDF5 metadata
            f.write(new byte[60 * 1024]);
        }
        CliRun r = predict(s);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("shard file " + shard + " fails its checksum"), r.err());
    }

    @Test
    void truncatedSwappedAndDeletedShardsAreNamed() throws Exception {
        Path t = store("truncated");
        Path shard = t.resolve("shard-00002.h5");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CliRun tr = predict(t);
        assertEquals(2, tr.exit());
        assertTrue(tr.err().contains(shard + " fails its checksum"), tr.err());

        Path w = store("swapped");
        Path one = w.resolve("shard-00001.h5");
        Path two = w.resolve("shard-00002.h5");
        Files.move(one, w.resolve("x"));
        Files.move(two, one);
        Files.move(w.resolve("x"), two);
        CliRun sw = predict(w);
        assertEquals(2, sw.exit());
        assertTrue(sw.err().contains("shard-00001.h5 fails its checksum"), sw.err());

        Path d = store("deleted");
        Files.delete(d.resolve("shard-00003.h5"));
        CliRun del = predict(d);
        assertEquals(2, del.exit());
        assertTrue(del.err().contains("shard-00003.h5 listed in the manifest is missing"), del.err());
    }

    @Test
    void oldStoresWithoutChecksumsStayReadableWithAWarning() throws Exception {
        Path s = store("old");
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(s.resolve("manifest.json").toFile());
        assertTrue(root.get("shards").get(0).get("sha256").asText().matches("[0-9a-f]{64}"));
        root.get("shards").forEach(n -> ((ObjectNode) n).remove("sha256"));
        json.writeValue(s.resolve("manifest.json").toFile(), root);
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (EcgStore store = EcgStore.open(s)) {
            assertEquals(40, store.read(0, 40).size());
        } finally {
            System.setErr(saved);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("has shards without checksums"),
                captured.toString(StandardCharsets.UTF_8));
    }
}
