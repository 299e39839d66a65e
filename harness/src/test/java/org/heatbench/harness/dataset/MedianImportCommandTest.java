package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.importers.ImporterRegistry;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.synth.BeatDesign;
import org.heatbench.datasets.synth.BeatMeasurer;
import org.heatbench.datasets.synth.BeatParameters;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.RenderedBeat;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dataset import --format csv --rate 500 --median} on rhythm CSVs, and {@code dataset delineate}. */
class MedianImportCommandTest {
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

    /** A 10-s rhythm of generator patient {@code i} (8 leads, 500 Hz, noise-free) as CSV; returns its true QRS (ms). */
    private static double writeRhythm(Path file, long i) throws Exception {
        GeneratorConfig c = GeneratorConfig.legacy(1, 5);
        BeatParameters p = SyntheticEcgGenerator.of(c).beat(i).parameters();
        BeatParameters q = new BeatParameters(p.male(), p.borderline(), p.rrMs(), 5000, p.prMs(), p.pDurationMs(),
                p.qrsMs(), p.qtMs(), p.qtcMs(), p.tPeakToEndMs(), p.rAmpV5Uv(), p.tAmpV5Uv(), p.stjV5Uv(), p.pAmpUv(),
                p.qRatio(), p.sRatio(), p.qrsSigmaDivisor(), p.tLeftRatio(), p.dirP(), p.dirQ(), p.dirR(), p.dirS(),
                p.dirT(), 0, p.rPrimeRatio(), p.dirRPrime(), p.uRatio(), p.artefacts(),
                p.taRatio(), p.taDurationMs(), p.tangentPlacement(), p.uSigmaMs(), p.nextP(),
                p.tDispersion(), p.qrsBody());
        RenderedBeat r = RenderedBeat.render(BeatDesign.place(q, 10000, c.onsetFraction()), 500, 5000);
        StringBuilder sb = new StringBuilder("I,II,V1,V2,V3,V4,V5,V6\n");
        double[][] leads = new double[8][];
        for (int k = 0; k < 8; k++) {
            leads[k] = r.lead(Lead.INDEPENDENT_8.get(k));
        }
        for (int t = 0; t < 5000; t++) {
            for (int k = 0; k < 8; k++) {
                sb.append(String.format(Locale.ROOT, "%.2f", leads[k][t])).append(k < 7 ? "," : "\n");
            }
        }
        Files.writeString(file, sb);
        return new BeatMeasurer(c.onsetFraction()).measure(r, q.rrMs()).targets().qrs();
    }

    private static Path real(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolveSibling("shared").resolve("data/real").resolve(relative);
            if (Files.exists(c)) {
                return c;
            }
        }
        System.out.println("skipped: ../shared/data/real/" + relative + " not found");
        org.junit.jupiter.api.Assumptions.assumeTrue(false, "../shared/data/real not found");
        return null;
    }

    /** The real MUSE exports' 10-s rhythms through the muse importer and --median: device targets kept. */
    @Test
    void importsMediansFromRealMuseRhythms() throws Exception {
        Path in = real("muse_xml");
        Path store = tmp.resolve("muse");
        String[] r = run("import", "--format", "muse", "--waveform", "rhythm", "--median", "--input", in.toString(),
                "--out", store.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(2, s.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(216, s.fiducials(i).qrsOn());
            }
            assertEquals(48, s.targets(0).hr(), 1e-9, "12SL's VentricularRate kept");
            assertEquals(65, s.targets(1).hr(), 1e-9);
        }
        byte[][][] src = StoreDelineation.readSources(store.resolve("shard-00000.h5"), 2);
        assertEquals(ValueSource.DEVICE, ValueSource.of(src[0][0][0]), "HR from the device");
        assertEquals(ValueSource.DELINEATED, ValueSource.of(src[1][0][2]), "QRS onset is ours");
    }

    /** LUDB record 1 (WFDB format 16, 12 leads) through the wfdb importer and --median. */
    @Test
    void importsAMedianFromTheRealLudbRecord() throws Exception {
        Path in = real("wfdb/ludb");
        Path store = tmp.resolve("ludb");
        String[] r = run("import", "--format", "wfdb", "--median", "--input", in.toString(), "--out",
                store.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(1, s.size());
            assertEquals(216, s.fiducials(0).qrsOn());
            assertTrue(s.targets(0).hr() > 40 && s.targets(0).hr() < 70, "sinus bradycardia: " + s.targets(0).hr());
            // the cardiologists' intervals (AnnotatedIntervalsTest recomputes them from the raw files) are the
            // targets, source annotated, and stay in the record's metadata
            JsonNode meta = new ObjectMapper().readTree(Files.readAllLines(store.resolve("record-metadata.jsonl"))
                    .get(1)).get("metadata");
            byte[][][] src = StoreDelineation.readSources(store.resolve("shard-00000.h5"), 1);
            assertEquals(meta.get("annotated_pr").asDouble(), s.targets(0).pr(), 1e-9);
            assertEquals(meta.get("annotated_qrs").asDouble(), s.targets(0).qrs(), 1e-9);
            assertEquals(meta.get("annotated_qt").asDouble(), s.targets(0).qt(), 1e-9);
            for (org.heatbench.datasets.Target t : List.of(org.heatbench.datasets.Target.PR,
                    org.heatbench.datasets.Target.QRS, org.heatbench.datasets.Target.QT)) {
                assertEquals(ValueSource.ANNOTATED, ValueSource.of(src[0][0][t.ordinal()]), t.key());
            }
        }
        assertTrue(r[1].contains("reference from annotations (experts' marks in the input, source annotated): pr 1, "
                + "qrs 1, qt 1 of 1 medians"), r[1]);
    }

    /** The real HL7 aECG example's 10-s rhythm CSV (../shared; skipped without it) through the CLI. */
    @Test
    void importsTheRealAecgRhythm() throws Exception {
        Path csv = real("hl7_aecg_example/rhythm_500Hz_uV.csv");
        Path store = tmp.resolve("aecg");
        String[] r = run("import", "--format", "csv", "--rate", "500", "--median", "--input", csv.toString(), "--out",
                store.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(216, s.fiducials(0).qrsOn());
            // device: HR 71.6 bpm from the rhythm's RR, QT 420 ms (docs/SIGNALS.md: our T off +12 ms, QRS on placed)
            assertEquals(71.6, s.targets(0).hr(), 1.0);
            assertEquals(420, s.targets(0).qt(), 30);
        }
    }

    @Test
    void importsMediansFromRhythmCsvsAndReportsQuality() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        double qrs = writeRhythm(in.resolve("a.csv"), 3);
        writeRhythm(in.resolve("b.csv"), 8);
        StringBuilder flat = new StringBuilder("I,II\n");
        for (int t = 0; t < 5000; t++) {
            flat.append("0,0\n");
        }
        Files.writeString(in.resolve("flat.csv"), flat);
        Path store = tmp.resolve("store");
        String[] r = run("import", "--format", "csv", "--rate", "500", "--median", "--input", in.toString(), "--out",
                store.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("imported 2") || r[1].contains("2 imported") || r[1].contains("2 of 3"), r[1]);
        assertTrue(r[1].contains("flat") && r[1].contains("no QRS complex"), r[1]);
        assertTrue(r[1].contains("median beats: 3 records, 1 without a median"), r[1]);
        JsonNode report = new ObjectMapper().readTree(store.resolve("median-report.json").toFile());
        assertEquals(3, report.get("records").size());
        assertTrue(report.get("records").get(0).get("beats_used").asInt() >= 8);
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(2, s.size());
            assertEquals(600, s.samples());
            assertEquals(216, s.fiducials(0).qrsOn());
            assertEquals(qrs, s.targets(0).qrs(), 12);
            assertTrue(s.targets(0).hr() > 40);
        }
        byte[][][] src = StoreDelineation.readSources(store.resolve("shard-00000.h5"), 2);
        assertEquals(ValueSource.DELINEATED, ValueSource.of(src[0][0][0]), "HR measured on the rhythm");
        assertEquals(ValueSource.DELINEATED, ValueSource.of(src[1][0][2]), "QRS onset");
        String[] d2 = run("delineate", store.toString());
        assertEquals("0", d2[0], d2[1] + d2[2]);
        assertTrue(d2[1].contains("delineated 2 records") && d2[1].contains("0 device/measured values replaced"),
                d2[1]);
        assertTrue(!d2[1].contains("heart rate unknown"), "HR came from the rhythm: " + d2[1]);
        String[] bad = run("delineate", tmp.resolve("nothing").toString());
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("error:") && bad[2].contains("no manifest.json"), bad[2]);
    }

    /** A stored beat with no rhythm and no device rate: delineate fills the boundaries and says HR is unknown. */
    @Test
    void delineateSaysHeartRateIsUnknownWithoutRhythmOrDevice() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("beats"));
        Path rhythm = tmp.resolve("rhythm.csv");
        writeRhythm(rhythm, 3);
        // one 1.2-s window of the rhythm, stored as it is (no --median): a beat without an RR
        java.util.List<String> lines = Files.readAllLines(rhythm);
        Files.write(in.resolve("beat.csv"), lines.subList(0, 601));
        Path store = tmp.resolve("beat-store");
        String[] r = run("import", "--format", "csv", "--rate", "500", "--input", in.toString(), "--out",
                store.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        String[] d = run("delineate", store.toString());
        assertEquals("0", d[0], d[1] + d[2]);
        assertTrue(d[1].contains("heart rate unknown for 1 of 1 records") && d[1].contains("never guessed"), d[1]);
        try (EcgStore s = EcgStore.open(store)) {
            assertTrue(Double.isNaN(s.targets(0).hr()), "HR is not invented");
        }
    }
}
