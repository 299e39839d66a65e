package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@code dataset import --format muse|wfdb|code15} (flags and {@code NAME:key=value} specs) on the shared real files (skipped, saying why, when absent). */
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
        assertTrue(bad[2].contains("importer 'muse': parameter 'waveform' must be one of [median, rhythm], got "
                + "'average'"), bad[2]);
    }

    @Test
    void museParametersInTheFormatSpecEqualTheFlags() throws Exception {
        Path in = shared("muse_xml");
        String[] flags = run("import", "--format", "muse", "--waveform", "rhythm", "--threads", "1", "--samples",
                "5000", "--input", in.toString(), "--out", tmp.resolve("f").toString());
        assertEquals("0", flags[0], flags[2]);
        String[] spec = run("import", "--format", "muse:waveform=rhythm,threads=2", "--samples", "5000", "--input",
                in.toString(), "--out", tmp.resolve("s").toString());
        assertEquals("0", spec[0], spec[2]);
        String[] info = run("info", tmp.resolve("s").toString());
        assertTrue(info[1].contains("500 Hz x 5000 samples"), info[1]);
        // the same records, and the same provenance: threads is an execution setting, left out
        for (String f : new String[] {"record-metadata.jsonl", "import-report.json"}) {
            assertEquals(Files.readString(tmp.resolve("f").resolve(f)).replace(tmp.resolve("f").toString(), "OUT"),
                    Files.readString(tmp.resolve("s").resolve(f)).replace(tmp.resolve("s").toString(), "OUT"), f);
        }
        String manifest = Files.readString(tmp.resolve("s").resolve("manifest.json"));
        assertTrue(manifest.contains("\"format\"") && manifest.contains("muse") && manifest.contains("rhythm"),
                manifest);
        assertFalse(manifest.contains("\"threads\""), manifest);
        String[] bad = run("import", "--format", "muse:tolerance=3", "--input", in.toString(), "--out",
                tmp.resolve("b").toString());
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("'muse' has no parameter 'tolerance'"), bad[2]);
        String[] threads = run("import", "--format", "muse", "--threads", "0", "--input", in.toString(), "--out",
                tmp.resolve("t").toString());
        assertEquals("1", threads[0]);
        assertTrue(threads[2].contains("--threads must be >= 1, got 0"), threads[2]);
    }

    @Test
    void code15MatFilesWithTheirTableByFlagOrSpec() {
        Path dir = shared("code15_samples");
        String[] r = run("import", "--format", "code15", "--input", dir.resolve("org").toString(), "--table",
                dir.resolve("meta.csv").toString(), "--store-rate", "400", "--samples", "4096", "--out",
                tmp.resolve("c").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].matches("(?s)imported [1-9][0-9]*, rejected 0.*"), r[1]);
        String[] s = run("import", "--format", "code15:units=mV,tables=" + dir.resolve("meta.csv"), "--input",
                dir.resolve("org").toString(), "--store-rate", "400", "--samples", "4096", "--out",
                tmp.resolve("s").toString());
        assertEquals("0", s[0], s[2]);
        assertEquals(r[1].lines().findFirst().orElseThrow().replace(tmp.resolve("c").toString(), "OUT"),
                s[1].lines().findFirst().orElseThrow().replace(tmp.resolve("s").toString(), "OUT"));
        String[] missing = run("import", "--format", "code15", "--input", dir.resolve("org").toString(), "--table",
                tmp.resolve("nope.csv").toString(), "--out", tmp.resolve("m").toString());
        assertEquals("1", missing[0]);
        assertTrue(missing[2].contains(tmp.resolve("nope.csv").toString()), missing[2]);
    }

    @Test
    void methodsListsTheRealDataImportersWithTheirParameters() {
        CommandLine cli = org.heatbench.harness.HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cli.execute("methods"));
        String text = out.toString();
        String importers = text.substring(text.indexOf("Importers"));
        for (String s : new String[] {"muse", "waveform", "interval_tolerance_ms", "wfdb", "checksum", "tables",
            "code15", "trim_padding", "units", "threads"}) {
            assertTrue(importers.contains(s), s + " not listed:\n" + importers);
        }
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
