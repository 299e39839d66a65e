package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.CliRun;
import org.heatbench.harness.HeatBenchCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Reliability suite, concern "one command line": the same option names everywhere (old spellings still work, with
 * a note), {@code predict} over any split including {@code all}, and every error as one line without a stack trace
 * unless {@code --verbose}.
 */
class CliReliabilityTest {
    static final Path QT = Path.of("../models/qt.onnx");

    @TempDir
    static Path tmp;
    static Path store;

    @BeforeAll
    static void store() {
        store = tmp.resolve("store40");
        CliRun r = CliRun.of("dataset", "generate", "--records", "40", "--out", store.toString(), "--leads", "8",
                "--seed", "2", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
    }

    /** A line of error output is a stack trace frame. */
    static boolean hasStackTrace(String text) {
        return text.lines().anyMatch(l -> l.trim().startsWith("at ") || l.contains("Exception:") && l.contains("\tat"));
    }

    @Test
    void predictSplitAllWritesEveryRecordOfA40RecordStore() throws Exception {
        Path csv = tmp.resolve("all.csv");
        CliRun r = CliRun.of("predict", "--model", QT.toString(), "--dataset", store.toString(), "--split", "all",
                "--out", csv.toString(), "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,index,split,prediction,truth", lines.get(0));
        assertEquals(41, lines.size(), "header + 40 rows");
        try (EcgStore s = EcgStore.open(store)) {
            double[] qt = s.targetValues(org.heatbench.datasets.Target.parse("qt"));
            for (int i = 0; i < 40; i++) {
                String[] f = lines.get(i + 1).split(",");
                assertEquals(s.id(i), f[0]);
                assertEquals(s.split(i).label(), f[2]);
                assertTrue(Double.isFinite(Double.parseDouble(f[3])), lines.get(i + 1));
                assertEquals(qt[i], Double.parseDouble(f[4]), 0.0);
            }
        }
        Path pq = tmp.resolve("test.parquet");
        CliRun p = CliRun.of("predict", "--model", QT.toString(), "--dataset", store.toString(), "--split", "test",
                "--out", pq.toString(), "--threads", "1");
        assertEquals(0, p.exit(), p.err());
        int tests;
        try (EcgStore s = EcgStore.open(store)) {
            tests = s.indicesOf(org.heatbench.datasets.Split.TEST).length;
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(pq.toAbsolutePath().toUri()), new Configuration(false)))) {
            assertEquals(tests, reader.getRecordCount());
            assertEquals(List.of("id", "index", "split", "prediction", "truth"), reader.getFileMetaData().getSchema()
                    .getFields().stream().map(f -> f.getName()).toList());
        }
    }

    @Test
    void predictWithoutTargetWritesNaNTruth() throws Exception {
        // a model without heatbench.target metadata: the reference CNN takes 8 leads x 600 samples
        Path csv = tmp.resolve("notarget.csv");
        CliRun r = CliRun.of("predict", "--model", "../examples/reference_cnn.onnx", "--dataset", store.toString(),
                "--records", "3", "--out", csv.toString(), "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).endsWith(",NaN"), lines.get(1));
    }

    @Test
    void evaluateAcceptsSplitAllAndTheOldSpellings() throws Exception {
        Path csv = tmp.resolve("eval-all.csv");
        CliRun r = CliRun.of("evaluate", "--model", QT.toString(), "--dataset", store.toString(), "--split", "all",
                "--out", csv.toString(), "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(all split, 40 records with a target"), r.out());
        Path old = tmp.resolve("eval-old.csv");
        CliRun o = CliRun.of("evaluate", "--model", QT.toString(), "--dataset", store.toString(), "--split", "all",
                "--predictions", old.toString(), "--max-records", "5", "--threads", "1");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.err().contains("note: --predictions is deprecated, use --out"), o.err());
        assertTrue(o.err().contains("note: --max-records is deprecated, use --records"), o.err());
        assertEquals(6, Files.readAllLines(old).size());
    }

    @Test
    void importTakesInputAndStillTheOldIn() throws Exception {
        Path csv = tmp.resolve("rec.csv");
        Files.writeString(csv, "I,II\n1,2\n");
        CliRun r = CliRun.of("dataset", "import", "--format", "csv", "--input", csv.toString(), "--out",
                tmp.resolve("imp-new").toString(), "--rate", "500", "--leads", "I,II,III");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.err().contains("deprecated"), r.err());
        CliRun old = CliRun.of("dataset", "import", "--format", "csv", "--in", csv.toString(), "--out",
                tmp.resolve("imp-old").toString(), "--rate", "500", "--leads", "I,II,III");
        assertEquals(0, old.exit(), old.err());
        assertEquals(1, old.err().lines().filter(l -> l.contains("deprecated")).count(), old.err());
        assertTrue(old.err().contains("note: --in is deprecated, use --input"), old.err());
        CliRun both = CliRun.of("dataset", "import", "--format", "csv", "--in", csv.toString(), "--input",
                csv.toString(), "--out", tmp.resolve("imp-both").toString(), "--rate", "500");
        assertEquals(1, both.exit());
        assertTrue(both.err().contains("--in is the old spelling of --input"), both.err());
        CliRun none = CliRun.of("dataset", "import", "--format", "csv", "--out", tmp.resolve("x").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("Missing required option: '--input'"), none.err());
    }

    @Test
    void generateTakesRecordsAndAttributeTakesTargetIndex() {
        CliRun g = CliRun.of("dataset", "generate", "--n", "3", "--out", tmp.resolve("g3").toString(), "--threads", "1");
        assertEquals(0, g.exit(), g.err());
        assertTrue(g.err().contains("note: --n is deprecated, use --records"), g.err());
        Path out = tmp.resolve("a.h5");
        CliRun a = CliRun.of("attribute", "--model", "../examples/reference_cnn.onnx", "--input",
                "../examples/reference_ecgs.h5", "--method", "saliency", "--target-index", "0", "--out", out.toString());
        assertEquals(0, a.exit(), a.err());
        CliRun legacy = CliRun.of("attribute", "--model", "../examples/reference_cnn.onnx", "--input",
                "../examples/reference_ecgs.h5", "--method", "saliency", "--target", "0", "--out",
                tmp.resolve("b.h5").toString());
        assertEquals(0, legacy.exit(), legacy.err());
        assertTrue(legacy.err().contains("note: --target is deprecated, use --target-index"), legacy.err());
    }

    @Test
    void libraryMessagesNameTheCommandsFlags() {
        CliRun r = CliRun.of("perturb", "--model", QT.toString(), "--dataset", store.toString(), "--target", "qt",
                "--method", "saliency", "--regions", "window:w=300", "--steps", "50", "--split", "all", "--records",
                "1", "--out", tmp.resolve("p").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("lower --steps or --per-step"), r.err());
        assertFalse(hasStackTrace(r.err()), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("error:")).count(), r.err());
    }

    @Test
    void trainDivergenceAndMissingCheckpointAreOneLine() throws Exception {
        Path model = tmp.resolve("m/qrs.onnx");
        CliRun r = CliRun.of("train", "--dataset", store.toString(), "--target", "qrs", "--epochs", "2", "--batch",
                "8", "--lr", "1e30", "--threads", "1", "--out", model.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("training diverged") && r.err().contains("try a smaller --lr"), r.err());
        assertFalse(hasStackTrace(r.err()), r.err());
        Path fresh = tmp.resolve("m2/qrs.onnx");
        CliRun resume = CliRun.of("train", "--dataset", store.toString(), "--target", "qrs", "--epochs", "1",
                "--threads", "1", "--out", fresh.toString(), "--resume");
        assertEquals(2, resume.exit(), resume.err());
        assertTrue(resume.err().contains("--resume: checkpoint " + fresh + ".ckpt does not exist"), resume.err());
        assertFalse(Files.exists(fresh), "a failed resume does not start a fresh training");
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("something internal\n\tat org.apache.spark.Foo(Foo.scala:1)\nmore");
        }
    }

    private static String[] runBoom(String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        cl.addSubcommand(new Boom());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new String[] {Integer.toString(cl.execute(args)), err.toString()};
    }

    @Test
    void unexpectedExceptionsAreOneLineAndVerboseShowsTheTrace() {
        String[] quiet = runBoom("boom");
        assertEquals("2", quiet[0]);
        assertTrue(quiet[1].startsWith("heatbench boom: error: unexpected IllegalStateException: something internal"),
                quiet[1]);
        assertFalse(hasStackTrace(quiet[1]), quiet[1]);
        assertEquals(1, quiet[1].lines().count(), quiet[1]);
        assertTrue(quiet[1].contains("(--verbose shows the stack trace)"), quiet[1]);
        String[] verbose = runBoom("boom", "--verbose");
        assertTrue(hasStackTrace(verbose[1]), verbose[1]);
        String[] before = runBoom("--verbose", "boom");
        assertTrue(hasStackTrace(before[1]), before[1]);
    }

    @Test
    void badOptionValuesAreOneLine() {
        CliRun r = CliRun.of("attribute", "--model", "x.onnx", "--input", "x.h5", "--method", "saliency", "--seed",
                "1180591620717411303424", "--out", tmp.resolve("s.h5").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--seed") && r.err().contains("1180591620717411303424"), r.err());
        assertFalse(hasStackTrace(r.err()), r.err());
    }
}
