package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.ImportSummary;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.harness.CliRun;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability suite, concern "bounds before work": rates, record counts, seeds, sample counts and method lists are
 * checked before any work and reported as one line naming the option or field.
 */
class BoundsReliabilityTest {
    @TempDir
    Path tmp;

    static void oneLineError(CliRun r, int exit, String expected) {
        assertEquals(exit, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(CliReliabilityTest.hasStackTrace(r.err()), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("error:")).count(), r.err());
    }

    @Test
    void badImportRatesAreOneLine() throws Exception {
        Path csv = tmp.resolve("r.csv");
        Files.writeString(csv, "I,II\n1,2\n");
        for (String rate : new String[] {"0", "-500", "NaN", "1e9", "Infinity"}) {
            CliRun r = CliRun.of("dataset", "import", "--format", "csv", "--input", csv.toString(), "--out",
                    tmp.resolve("s" + rate.hashCode()).toString(), "--rate", rate);
            oneLineError(r, 1, "--rate: sampling rate");
            assertFalse(Files.exists(tmp.resolve("s" + rate.hashCode())), "nothing created for --rate " + rate);
        }
        oneLineError(CliRun.of("dataset", "import", "--format", "study-h5", "--input", tmp.toString(), "--out",
                tmp.resolve("big").toString(), "--scale", "1e30"), 1, "--scale must be a number above 0");
    }

    /** Two records, the first declaring a sampling rate of {@code rate}. */
    record TwoRecords(double rate) implements RecordSource {
        @Override
        public String description() {
            return "test";
        }

        @Override
        public void forEach(Consumer<SourceItem> sink) {
            for (int i = 0; i < 2; i++) {
                float[] x = new float[2 * 600];
                sink.accept(new SourceItem.Accepted(SourceRecord.of("file" + i + ".xml", "r" + i,
                        List.of(Lead.I, Lead.II), 600, x, i == 0 ? rate : 500, Targets.MISSING, Fiducials.UNKNOWN)));
            }
        }
    }

    @Test
    void aBadRateInOneFileRejectsThatFileNotTheImport() {
        for (double rate : new double[] {0, -1, Double.NaN, 1e9}) {
            Path out = tmp.resolve("rate" + Double.hashCode(rate));
            ImportSummary s = Importer.run(new TwoRecords(rate), out,
                    ImportOptions.of(StoreSpec.of(List.of(Lead.I, Lead.II), 500, 600)), false);
            assertEquals(1, s.imported(), "rate " + rate);
            assertEquals(1, s.rejected());
            assertEquals("file0.xml", s.rejections().get(0).source());
            assertTrue(s.rejections().get(0).reason().contains("sampling rate"), s.rejections().get(0).reason());
        }
    }

    @Test
    void zeroAndTooManyRecordsAreRefusedBeforeWork() throws Exception {
        oneLineError(CliRun.of("dataset", "generate", "--records", "0", "--out", tmp.resolve("z").toString()), 1,
                "--records must be 1 to 2147483647");
        oneLineError(CliRun.of("dataset", "generate", "--records", "2147483648", "--out",
                tmp.resolve("big").toString()), 1, "--records must be 1 to 2147483647");
        assertFalse(Files.exists(tmp.resolve("big")));
        Path empty = Files.createDirectories(tmp.resolve("no-files"));
        CliRun none = CliRun.of("dataset", "import", "--format", "study-h5", "--input", empty.toString(), "--out",
                tmp.resolve("from-empty").toString());
        assertEquals(1, none.exit());
        assertTrue(none.out().startsWith("imported 0, rejected 0 (of 0 read)"), none.out());
        assertTrue(none.err().contains("no record was imported"), none.err());
        assertFalse(CliReliabilityTest.hasStackTrace(none.err()), none.err());
        // a store whose manifest declares 2^31 records
        Path store = tmp.resolve("declared");
        assertEquals(0, CliRun.of("dataset", "generate", "--records", "2", "--out", store.toString(), "--threads", "1")
                .exit());
        Path manifest = store.resolve("manifest.json");
        String m = Files.readString(manifest);
        String shard = "{\"file\" : \"shard-00001.h5\", \"first_index\" : 2, \"record_count\" : 2147483646}";
        m = m.replaceFirst("(\"shards\" : \\[\\s*\\{[^}]*\\})", "$1, " + shard)
                .replaceFirst("\"record_count\" : 2,", "\"record_count\" : 2147483648,");
        Files.writeString(manifest, m);
        oneLineError(CliRun.of("dataset", "info", store.toString()), 1, "more than this reader supports");
        oneLineError(CliRun.of("predict", "--model", "../models/qt.onnx", "--dataset", store.toString(), "--out",
                tmp.resolve("p.csv").toString()), 2, "more than this reader supports");
    }

    @Test
    void seedsAre64BitWithAClearOverflowError() throws Exception {
        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, "run_id: s\nseed: 1180591620717411303424\ndataset: {path: data}\n"
                + "targets: {qt: models/qt.onnx}\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SpecReader.create(MethodRegistry.standard()).read(spec));
        assertTrue(e.getMessage().contains("seed: 1180591620717411303424 does not fit a 64-bit integer"),
                e.getMessage());
        Files.writeString(spec, "run_id: s\nseed: -9223372036854775808\ndataset: {path: data}\n"
                + "targets: {qt: ../models/qt.onnx}\n");
        assertEquals(Long.MIN_VALUE, SpecReader.create(MethodRegistry.standard()).read(spec).seed(),
                "the smallest long is a valid seed");
        oneLineError(CliRun.of("perturb", "--model", "m.onnx", "--dataset", "d", "--target", "qt", "--method",
                "saliency", "--seed", "1180591620717411303424", "--out", tmp.resolve("o").toString()), 2, "--seed");
    }

    @Test
    void hugeSampleCountsAndMethodListsAreBounded() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String m : new String[] {"smoothgrad:samples=2e9", "smoothgrad:samples=2000000000",
                "integrated_gradients:steps=1e7", "gradient_shap:samples=100001"}) {
                oneLineError(CliRun.of("attribute", "--model", "../examples/reference_cnn.onnx", "--input",
                        "../examples/reference_ecgs.h5", "--method", m, "--out", tmp.resolve("x.h5").toString()), 2,
                        "must be at most 100000");
            }
            List<String> many = new ArrayList<>(Collections.nCopies(4000, "saliency"));
            oneLineError(CliRun.of("perturb", "--model", "../models/qt.onnx", "--dataset", tmp.toString(), "--target",
                    "qt", "--method", String.join(",", many), "--out", tmp.resolve("p").toString()), 2,
                    "--method lists 4000 methods, at most 100");
            Path spec = tmp.resolve("many.yaml");
            StringBuilder sb = new StringBuilder("run_id: m\ndataset: {path: data}\ntargets: {qt: models/qt.onnx}\n"
                    + "methods:\n");
            for (int i = 0; i < 4000; i++) {
                sb.append("  - 'smoothgrad:samples=").append(i + 1).append("'\n");
            }
            Files.writeString(spec, sb.toString());
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> SpecReader.create(MethodRegistry.standard()).read(spec));
            assertTrue(e.getMessage().contains("4000 methods listed, at most 100"), e.getMessage());
        });
    }
}
