package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.ImporterRegistry;
import org.heatbench.datasets.store.EcgStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = DatasetCommand.create(ImporterRegistry.standard());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void generateV1AndCompareWithV2() {
        Path v1 = tmp.resolve("v1");
        Path v2 = tmp.resolve("v2");
        assertEquals(0, run("generate", "--records", "60", "--out", v1.toString(), "--model", "v1", "--threads", "1")
                .code());
        assertEquals(0, run("generate", "--records", "12", "--out", v2.toString(), "--seed", "9", "--threads", "1")
                .code());
        try (EcgStore s = EcgStore.open(v1)) {
            assertEquals("dipole-dower-v1", s.spec().provenance().parameters().get("model"));
        }
        Path json = tmp.resolve("cmp.json");
        Result c = run("compare", "--real", v2.toString(), "--synthetic", v1.toString(), "--neighbours", "2",
                "--json", json.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("post_t_activity") && c.out().contains("qrs_axis_deg"), c.out());
        assertTrue(c.out().contains("nearest synthetic neighbours"), c.out());
        assertTrue(c.out().matches("(?s).*synth-000000\\d\\d\\s+\\d+ features: synth-\\d{8} \\(.*"), c.out());
        assertTrue(java.nio.file.Files.exists(json));
        Result bad = run("generate", "--records", "5", "--out", tmp.resolve("x").toString(), "--model", "v5");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown generator model 'v5'"), bad.err());
        Path v4 = tmp.resolve("v4");
        assertEquals(0, run("generate", "--records", "5", "--out", v4.toString(), "--model", "v4", "--threads", "1")
                .code());
        try (EcgStore s = EcgStore.open(v4)) {
            assertEquals("dipole-dower-v4", s.spec().provenance().parameters().get("model"));
        }
        Result missing = run("compare", "--real", tmp.resolve("nope").toString(), "--synthetic", v1.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("error: ") && missing.err().contains("nope"), missing.err());
    }

    @Test
    void generateWithLabelsEqualsGenerateThenLabel() throws Exception {
        Path labelled = tmp.resolve("labelled");
        Path plain = tmp.resolve("plain");
        Result g = run("generate", "--records", "40", "--out", labelled.toString(), "--seed", "6", "--threads", "1",
                "--labels");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("labelled 40 of 40 records") && g.out().contains("AVB1"), g.out());
        assertEquals(0, run("generate", "--records", "40", "--out", plain.toString(), "--seed", "6", "--threads", "1")
                .code());
        Path meta = plain.resolve(org.heatbench.datasets.store.RecordMetadata.FILE);
        assertTrue(!Files.exists(meta), "labels only on request");
        // the shards are byte-identical with and without labels; the sidecar is what 'dataset label' writes
        try (var files = Files.list(plain)) {
            for (Path shard : files.filter(f -> f.getFileName().toString().startsWith("shard-")).toList()) {
                assertTrue(java.util.Arrays.equals(Files.readAllBytes(shard),
                        Files.readAllBytes(labelled.resolve(shard.getFileName()))), shard.toString());
            }
        }
        Result l = run("label", plain.toString());
        assertEquals(0, l.code(), l.err());
        assertEquals(Files.readString(meta), Files.readString(labelled.resolve(meta.getFileName())));
        var read = org.heatbench.datasets.store.RecordMetadata.read(labelled).orElseThrow();
        assertEquals(java.util.Set.of("AVB1", "WIDE_QRS", "LONG_QT", "STE_V5", "TINV_V5", "BRADY", "TACHY"),
                java.util.Set.copyOf(read.labelNames()));
        int avb1 = read.labelNames().indexOf("AVB1");
        try (EcgStore s = EcgStore.open(labelled)) {
            for (int i = 0; i < s.size(); i++) {
                double pr = s.targets(i).pr();
                assertEquals(pr > 200 ? 1.0 : 0.0, read.labels(i)[avb1], "AVB1 of record " + i + ", PR " + pr);
            }
        }
        // overwriting a labelled store replaces its labels with the new records'
        assertEquals(0, run("generate", "--records", "5", "--out", labelled.toString(), "--seed", "7", "--threads",
                "1", "--overwrite", "--labels").code());
        assertEquals(5, org.heatbench.datasets.store.RecordMetadata.read(labelled).orElseThrow().size());
    }

    @Test
    void generateThenInfo() {
        Path store = tmp.resolve("synth");
        Result g = run("generate", "--n", "30", "--out", store.toString(), "--seed", "4", "--shard-size", "8",
                "--threads", "2");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith("generated 30 records into " + store), g.out());
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(30, s.size());
            assertEquals(Lead.STANDARD_12, s.leads());
            assertEquals("4", s.spec().provenance().parameters().get("seed"));
        }
        Result info = run("info", store.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("records     30 in 4 shards of up to 8 (float32, uncompressed"), info.out());
        assertTrue(info.out().contains("leads       I, II, III, aVR, aVL, aVF, V1, V2, V3, V4, V5, V6 (12)"));
        assertTrue(info.out().contains("sampling    500 Hz x 600 samples (1.200 s)"), info.out());
        // the default beat model is v3 (one beat per window); v1 and v2 stay reachable
        assertTrue(info.out().contains("model = dipole-dower-v3"), info.out());
        assertTrue(info.out().contains("next_beat = false"), info.out());
        assertTrue(info.out().matches("(?s).*qt\\s+ms\\s+30\\s+0\\s.*"), info.out());
        assertTrue(info.out().contains("fiducials   known: p_on 30, p_off 30"), info.out());

        Result again = run("generate", "--n", "5", "--out", store.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds a store") && again.err().contains("--overwrite"), again.err());
        assertEquals(0, run("generate", "--n", "5", "--out", store.toString(), "--overwrite", "--leads", "8",
                "--dtype", "int16", "--deflate", "1").code());
        Result info8 = run("info", store.toString());
        assertTrue(info8.out().contains("records     5 in 1 shards of up to 4096 (int16 x 0.5 uV, deflate 1"),
                info8.out());
    }

    @Test
    void importReportsImportedAndRejected() throws Exception {
        Path in = tmp.resolve("h5");
        Files.createDirectories(in);
        try (WritableHdfFile f = HdfFile.write(in.resolve("p1.h5"))) {
            f.putDataset("median", new short[600][12]).putAttribute("qt", 400);
        }
        Files.writeString(in.resolve("p2.h5"), "not hdf5");
        Path store = tmp.resolve("imported");
        Result r = run("import", "--format", "study-h5", "--in", in.toString(), "--out", store.toString(),
                "--dtype", "int16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("imported 1, rejected 1 (of 2 read) into " + store), r.out());
        assertTrue(r.out().contains("missing target values: hr 1, pr 1, qrs 1, t_amp_v5 1, r_amp_v5 1, stj_v5 1"),
                r.out());
        assertTrue(r.out().contains("(p2): not a readable HDF5 file"), r.out());
        Result strict = run("import", "--format", "study-h5", "--in", in.toString(), "--out", store.toString(),
                "--overwrite", "--strict");
        assertEquals(ImportCommand.REJECTED, strict.code());
        Result none = run("import", "--format", "study-h5", "--in", in.toString(), "--out", store.toString(),
                "--overwrite", "--require-targets", "all");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no record was imported"));
    }

    @Test
    void importCsvNeedsARate() throws Exception {
        Path csv = tmp.resolve("rec.csv");
        Files.writeString(csv, "I,II\n1,2\n");
        Result r = run("import", "--format", "csv", "--in", csv.toString(), "--out", tmp.resolve("s").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--rate is required"), r.err());
        Result ok = run("import", "--format", "csv", "--in", csv.toString(), "--out", tmp.resolve("s").toString(),
                "--rate", "500", "--leads", "I,II,III", "--units", "mV");
        assertEquals(0, ok.code(), ok.err() + ok.out());
        try (EcgStore s = EcgStore.open(tmp.resolve("s"))) {
            assertEquals(1000f, s.record(0).sample(2, 0)); // III = II - I = 1 mV
        }
    }

    @Test
    void errorsAreOneLineNotStackTraces() {
        Result r = run("info", tmp.toString());
        assertEquals(1, r.code());
        assertEquals("heatbench dataset info: error: " + tmp + " is not a HeatBench store: it has no manifest.json",
                r.err().trim());
        Result bad = run("generate", "--records", "5", "--out", tmp.resolve("x").toString(), "--leads", "I,V7");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown lead name 'V7'"), bad.err());
        assertEquals(2, run("generate", "--out", "x").code()); // picocli: missing --records
    }
}
