package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.datasets.importers.ImporterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dataset import --format muse|wfdb} on the shared real files (skipped, saying why, when absent). */
class RealFormatsCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        CommandLine cli = DatasetCommand.create(ImporterRegistry.standard());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static Path shared(String relative) {
        Path p = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("data/real")
                .resolve(relative);
        if (!Files.exists(p)) {
            System.err.println("skipped: " + p + " not found");
        }
        assumeTrue(Files.exists(p), "shared real data " + p + " not found");
        return p;
    }

    @Test
    void museMedianAndRhythm() {
        Path in = shared("muse_xml");
        String[] r = run("import", "--format", "muse", "--input", in.toString(), "--out", tmp.resolve("m").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("imported 2, rejected 0"), r[1]);
        String[] rhythm = run("import", "--format", "muse", "--waveform", "rhythm", "--samples", "5000", "--in",
                in.toString(), "--out", tmp.resolve("r").toString());
        assertEquals("0", rhythm[0], rhythm[2]);
        String[] info = run("info", tmp.resolve("r").toString());
        assertTrue(info[1].contains("500 Hz x 5000 samples"), info[1]);
        assertTrue(info[1].contains("waveform 2"), info[1]);
        String[] bad = run("import", "--format", "muse", "--waveform", "average", "--input", in.toString(), "--out",
                tmp.resolve("x").toString());
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("median or rhythm"), bad[2]);
    }

    @Test
    void wfdbFolderWithTheMitBihRecordRejectedForItsLeads() {
        Path in = shared("wfdb");
        String[] r = run("import", "--format", "wfdb", "--input", in.toString(), "--samples", "5000", "--out",
                tmp.resolve("w").toString(), "--strict");
        assertEquals("3", r[0], r[2]);
        assertTrue(r[1].startsWith("imported 3, rejected 1"), r[1]);
        assertTrue(r[1].contains("100.hea (100): lead I is not among the available leads"), r[1]);
        String[] two = run("import", "--format", "wfdb", "--input", in.resolve("mitdb").toString(), "--leads", "II,V5",
                "--store-rate", "360", "--samples", "3600", "--out", tmp.resolve("mit").toString());
        assertEquals("0", two[0], two[2]);
        assertTrue(two[1].contains("cropped 1"), two[1]);
    }
}
