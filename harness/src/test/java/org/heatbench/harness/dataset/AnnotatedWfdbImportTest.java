package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.harness.HeatBenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * LUDB-like WFDB rhythms written here (12 leads, format 16, one cardiologist-style annotation file per lead) through
 * {@code dataset import --format wfdb --median} and {@code validate-real}: the medians' PR, QRS and QT are the
 * annotated intervals known by construction, with source annotated; an inconsistent beat is skipped and counted.
 */
class AnnotatedWfdbImportTest {
    @TempDir
    Path tmp;

    static final int N = 5000;
    static final int RECORDS = 11;
    /** Rhythm QRS onsets at 150 + 400 b samples (RR 800 ms at 500 Hz); beats 1..10 are annotated, as LUDB does. */
    static final int BEATS = 12;
    /** Per-lead shift of every mark (samples): four -1, four 0, four +1 — the median over the 12 leads is 0. */
    static final int[] LEAD_SHIFT = {-1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1};
    static final String[] NAMES = {"i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"};

    /** Runs the whole CLI; @return {exit code, stdout, stderr} (shared with the other dataset command tests). */
    static String[] run(String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new String[] {Integer.toString(rc), out.toString(), err.toString()};
    }

    /** Gaussian P, q, R, s, T waves per beat, scaled per lead (aVR inverted); ADC units = µV. */
    static int[][] rhythm() {
        int[][] x = new int[12][N];
        double[][] waves = {{-60, 10, 120}, {8, 3, -100}, {20, 5, 1000}, {32, 3, -250}, {150, 25, 260}};
        for (int k = 0; k < 12; k++) {
            double scale = (k == 3 ? -1 : 1) * (0.5 + 0.1 * k);
            double[] v = new double[N];
            for (int b = 0; b < BEATS; b++) {
                int q = 150 + 400 * b;
                for (double[] w : waves) {
                    for (int t = Math.max(0, q + (int) w[0] - 100); t < Math.min(N, q + (int) w[0] + 100); t++) {
                        double z = (t - q - w[0]) / w[1];
                        v[t] += scale * w[2] * Math.exp(-0.5 * z * z);
                    }
                }
            }
            for (int t = 0; t < N; t++) {
                x[k][t] = (int) Math.round(v[t]);
            }
        }
        return x;
    }

    /** Designed boundaries of record r's beat b (samples): P on, QRS on, QRS off, T off. */
    static int[] design(int r, int b) {
        int q = 150 + 400 * b;
        return new int[] {q - (70 + 2 * r), q, q + 45 + r % 3, q + 190 + 3 * r + b};
    }

    /** Whether record r's beat b is written inconsistently (T offset before the QRS onset on every lead). */
    static boolean broken(int r, int b) {
        return r == RECORDS - 1 && b == 4;
    }

    static void writeRecord(Path dir, int r, int[][] x) throws Exception {
        String name = String.format(Locale.ROOT, "r%02d", r);
        StringBuilder hea = new StringBuilder(name + " 12 500 " + N + "\n");
        ByteArrayOutputStream dat = new ByteArrayOutputStream();
        for (int t = 0; t < N; t++) {
            for (int k = 0; k < 12; k++) {
                dat.write(x[k][t] & 0xff);
                dat.write((x[k][t] >> 8) & 0xff);
            }
        }
        for (int k = 0; k < 12; k++) {
            int sum = 0;
            for (int v : x[k]) {
                sum += v;
            }
            hea.append(name).append(".dat 16 1000/mV 16 0 ").append(x[k][0]).append(' ').append((short) sum)
                    .append(" 0 ").append(NAMES[k]).append('\n');
        }
        hea.append("#<age>: 50\n");
        Files.writeString(dir.resolve(name + ".hea"), hea, StandardCharsets.US_ASCII);
        Files.write(dir.resolve(name + ".dat"), dat.toByteArray());
        for (int k = 0; k < 12; k++) {
            List<int[]> marks = new ArrayList<>(); // {code, sample}
            int s = LEAD_SHIFT[k];
            for (int b = 1; b < BEATS - 1; b++) {
                int[] d = design(r, b);
                marks.add(new int[] {39, d[0] + s});
                marks.add(new int[] {24, d[0] + 20});
                marks.add(new int[] {40, d[1] - 20});
                marks.add(new int[] {39, d[1] + s});
                marks.add(new int[] {1, d[1] + 20});
                marks.add(new int[] {40, d[2] + s});
                marks.add(new int[] {39, d[2] + 40});
                marks.add(new int[] {27, d[2] + 100});
                marks.add(new int[] {40, broken(r, b) ? d[1] - 10 : d[3] + s});
            }
            Files.write(dir.resolve(name + "." + NAMES[k]), annotations(marks));
        }
    }

    /** MIT-format annotation words; SKIP (code 59, 32-bit signed interval) where a step is negative or over 1023. */
    static byte[] annotations(List<int[]> marks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int last = 0;
        for (int[] m : marks) {
            int delta = m[1] - last;
            if (delta < 0 || delta > 1023) {
                word(out, 59 << 10);
                word(out, (delta >>> 16) & 0xffff);
                word(out, delta & 0xffff);
                delta = 0;
            }
            word(out, (m[0] << 10) | delta);
            last = m[1];
        }
        word(out, 0);
        return out.toByteArray();
    }

    private static void word(ByteArrayOutputStream out, int w) {
        out.write(w & 0xff);
        out.write((w >> 8) & 0xff);
    }

    /** Median of the designed per-beat intervals of record r (ms), over its consistent annotated beats. */
    static double expected(int r, Target t) {
        List<Double> v = new ArrayList<>();
        for (int b = 1; b < BEATS - 1; b++) {
            if (broken(r, b)) {
                continue;
            }
            int[] d = design(r, b);
            v.add(2.0 * switch (t) {
                case PR -> d[1] - d[0];
                case QRS -> d[2] - d[1];
                case QT -> d[3] - d[1];
                default -> throw new IllegalArgumentException();
            });
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    @Test
    void annotatedIntervalsBecomeTheMediansTargetsAndValidateRealSummarises() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("ludb-like"));
        int[][] x = rhythm();
        for (int r = 0; r < RECORDS; r++) {
            writeRecord(in, r, x);
        }
        Path store = tmp.resolve("store");
        String[] res = run("dataset", "import", "--format", "wfdb", "--input", in.toString(), "--median", "--out",
                store.toString(), "--split", "0,0");
        assertEquals("0", res[0], res[1] + res[2]);
        assertTrue(res[1].contains("reference from annotations (experts' marks in the input, source annotated): "
                + "pr 11, qrs 11, qt 11 of 11 medians"), res[1]);
        assertTrue(res[1].contains("annotated beats skipped as inconsistent (boundaries out of order): 1"), res[1]);
        String report = Files.readString(store.resolve("import-report.json"));
        assertTrue(report.contains("T offset") && report.contains("beat skipped"), report);
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(RECORDS, s.size());
            for (Target t : List.of(Target.PR, Target.QRS, Target.QT)) {
                double[] v = s.targetValues(t);
                ValueSource[] src = StoreDelineation.targetSources(store, t, v);
                for (int i = 0; i < RECORDS; i++) {
                    int r = Integer.parseInt(s.id(i).substring(1));
                    assertEquals(expected(r, t), v[i], 1e-9, s.id(i) + " " + t);
                    assertEquals(ValueSource.ANNOTATED, src[i], s.id(i) + " " + t);
                }
            }
            // HR stays the rhythm's (RR 800 ms), measured by HeatBench
            assertEquals(75, s.targets(0).hr(), 0.5);
            assertEquals(ValueSource.DELINEATED, StoreDelineation.targetSources(store, Target.HR,
                    s.targetValues(Target.HR))[0]);
        }
        // the construction: r10's QT over beats 1-10 without the broken beat 4 is the median of 1,2,3,5..10 = 6
        // samples above the base (5.5 had beat 4 been counted, with or without its negative QT)
        assertEquals(2.0 * (190 + 3 * 10 + 6), expected(RECORDS - 1, Target.QT), 1e-9);

        // dataset delineate, even with --overwrite-device, never replaces the experts' values
        String[] d = run("dataset", "delineate", store.toString(), "--overwrite-device");
        assertEquals("0", d[0], d[1] + d[2]);
        try (EcgStore s = EcgStore.open(store)) {
            double[] qt = s.targetValues(Target.QT);
            ValueSource[] src = StoreDelineation.targetSources(store, Target.QT, qt);
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(expected(Integer.parseInt(s.id(i).substring(1)), Target.QT), qt[i], 1e-9);
                assertEquals(ValueSource.ANNOTATED, src[i]);
            }
        }

        Path models = Files.createDirectories(tmp.resolve("models"));
        Files.copy(Path.of("..", "models", "qt.onnx"), models.resolve("qt.onnx"));
        Files.copy(Path.of("..", "models", "qt.json"), models.resolve("qt.json"));
        String[] v = run("validate-real", "--model", models.resolve("qt.onnx").toString(), "--real", store.toString(),
                "--write-cards");
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains("11 records, reference sources {annotated=11}"), v[1]);
        assertTrue(v[1].contains("vs device/expert/measured reference:  n 11, bias "), v[1]);
        assertTrue(v[1].contains("largest errors (rows of all records: --per-record)"), v[1]);
        assertEquals(5, v[1].lines().filter(l -> l.contains("reference: annotated")).count(), v[1]);
        String[] all = run("validate-real", "--model", models.resolve("qt.onnx").toString(), "--real",
                store.toString(), "--per-record");
        assertEquals(RECORDS, all[1].lines().filter(l -> l.contains("reference: annotated")).count(), all[1]);
        JsonNode card = new ObjectMapper().readTree(models.resolve("qt.json").toFile()).get("real_validation");
        assertEquals(11, card.get("n_with_reference").asInt());
        assertEquals(0, card.get("records").size(), "a store of 11 records keeps only its summary on the card");
        JsonNode st = card.get("stores").get(0);
        assertEquals(11, st.get("summary").get("n").asInt());
        assertEquals(card.get("mae").asDouble(), st.get("summary").get("mae").asDouble(), 1e-12);
        assertEquals(5, st.get("largest_errors").size());
    }
}
