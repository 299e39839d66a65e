package org.heatbench.datasets.importers.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WFDB files written by the test in each format (encoders written here from signal(5)), and broken ones. */
class WfdbFormatsTest {
    @TempDir
    Path tmp;

    /** Two signals (I, II), 7 frames, values within every format's range and not the invalid value. */
    static final int[][] VALUES = {{0, 1, -1, 100, -100, 120, -127}, {5, -5, 50, -50, 127, -126, 3}};

    static byte[] encode(int format, int[][] v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = v[0].length;
        List<Integer> stream = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int[] sig : v) {
                stream.add(sig[t]);
            }
        }
        if (format == 212) {
            for (int i = 0; i < stream.size(); i += 2) {
                int a = stream.get(i) & 0xfff;
                int b = i + 1 < stream.size() ? stream.get(i + 1) & 0xfff : 0;
                out.write(a & 0xff);
                out.write(((a >> 8) & 0x0f) | ((b >> 4) & 0xf0));
                out.write(b & 0xff);
            }
            return out.toByteArray();
        }
        for (int x : stream) {
            switch (format) {
                case 16 -> {
                    out.write(x & 0xff);
                    out.write((x >> 8) & 0xff);
                }
                case 61 -> {
                    out.write((x >> 8) & 0xff);
                    out.write(x & 0xff);
                }
                case 80 -> out.write(x + 128);
                case 24 -> {
                    out.write(x & 0xff);
                    out.write((x >> 8) & 0xff);
                    out.write((x >> 16) & 0xff);
                }
                case 32 -> {
                    for (int k = 0; k < 4; k++) {
                        out.write((x >> (8 * k)) & 0xff);
                    }
                }
                default -> throw new IllegalArgumentException();
            }
        }
        return out.toByteArray();
    }

    static int checksum(int[] v) {
        int s = 0;
        for (int x : v) {
            s += x;
        }
        return (short) s;
    }

    private Path write(String name, String header, byte[] dat) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".hea"), header, StandardCharsets.UTF_8);
        if (dat != null) {
            Files.write(dir.resolve(name + ".dat"), dat);
        }
        return dir.resolve(name + ".hea");
    }

    private String header(String name, int format, String gain, int n, int[][] v, String fmtSuffix) {
        return "# a comment first\n\n" + name + " 2 250 " + n + "\r\n"
                + name + ".dat " + format + fmtSuffix + " " + gain + " 12 0 " + v[0][0] + " " + checksum(v[0])
                + " 0 i\r\n\r\n"
                + name + ".dat " + format + fmtSuffix + " " + gain + " 12 0 " + v[1][0] + " " + checksum(v[1])
                + " 0 MLII\n# age: 40\n";
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 61, 80, 212, 24, 32})
    void everyFormatReadsBackWhatWasWritten(int format) throws IOException {
        String name = "f" + format;
        Path hea = write(name, header(name, format, "100(10)/mV", 7, VALUES, ""), encode(format, VALUES));
        WfdbRecord r = WfdbRecord.read(hea);
        assertEquals(List.of(Lead.I, Lead.II), r.leads());
        assertTrue(r.problems().isEmpty(), r.problems()::toString);
        float[] x = r.signal();
        for (int k = 0; k < 2; k++) {
            for (int t = 0; t < 7; t++) {
                assertEquals((VALUES[k][t] - 10) / 100.0 * 1000, x[k * 7 + t], 1e-3);
            }
        }
    }

    @Test
    void byteOffsetsMicrovoltsAndDefaultBaseline() throws IOException {
        byte[] body = encode(16, VALUES);
        byte[] dat = new byte[body.length + 24];
        System.arraycopy(body, 0, dat, 24, body.length);
        String h = "off 2 500 7\noff.dat 16+24 2(0)/uV 16 0 0 " + checksum(VALUES[0]) + " 0 AVR\n"
                + "off.dat 16+24 4/uV 16 3 5 " + checksum(VALUES[1]) + " 0 v1\n";
        WfdbRecord r = WfdbRecord.read(write("off", h, dat));
        assertEquals(List.of(Lead.AVR, Lead.V1), r.leads());
        float[] x = r.signal();
        assertEquals(100 / 2.0, x[3], 1e-6);           // (100 - 0) / 2 uV
        assertEquals((50 - 3) / 4.0, x[7 + 2], 1e-6);  // baseline defaults to the ADC zero 3
    }

    @Test
    void checksumMismatchIsRejectedOrKeptByOption() throws IOException {
        String h = header("ck", 16, "200", 7, VALUES, "").replace(" " + checksum(VALUES[0]) + " 0 i", " 999 0 i");
        Path hea = write("ck", h, encode(16, VALUES));
        List<SourceItem> rejected = new ArrayList<>();
        new WfdbSource(hea, WfdbSource.ChecksumPolicy.REJECT).forEach(rejected::add);
        String reason = assertInstanceOf(SourceItem.Rejected.class, rejected.get(0)).reason();
        assertTrue(reason.contains("i: checksum") && reason.contains("999"), reason);
        List<SourceItem> kept = new ArrayList<>();
        new WfdbSource(hea, WfdbSource.ChecksumPolicy.KEEP).forEach(kept::add);
        SourceRecord sr = assertInstanceOf(SourceItem.Accepted.class, kept.get(0)).record();
        assertTrue(sr.metadata().get("warnings").contains("checksum"));
        assertEquals("40", sr.metadata().get("age"));
    }

    private String rejection(Path hea) {
        List<SourceItem> items = new ArrayList<>();
        new WfdbSource(hea, WfdbSource.ChecksumPolicy.REJECT).forEach(items::add);
        assertEquals(1, items.size());
        SourceItem.Rejected r = assertInstanceOf(SourceItem.Rejected.class, items.get(0), items.get(0)::toString);
        assertTrue(r.source().endsWith(".hea"));
        return r.reason();
    }

    @Test
    void brokenRecordsAreNamedWithTheirReason() throws IOException {
        byte[] dat = encode(16, VALUES);
        byte[] cut = java.util.Arrays.copyOf(dat, dat.length - 3);
        assertTrue(rejection(write("cut", header("cut", 16, "200", 7, VALUES, ""), cut)).contains("truncated"));
        assertTrue(rejection(write("fmt", header("fmt", 16, "200", 7, VALUES, "").replace(".dat 16 ", ".dat 311 "),
                dat)).contains("format 311 is not supported"));
        assertTrue(rejection(write("nsig", "nsig 3 250 7\nnsig.dat 16 200 12 0 0 0 0 I\n", dat))
                .contains("declares 3 signals but has 1"));
        assertTrue(rejection(write("dup", header("dup", 16, "200", 7, VALUES, "").replace("MLII", "I"), dat))
                .contains("both lead I"));
        assertTrue(rejection(write("name", header("other", 16, "200", 7, VALUES, ""), dat))
                .contains("inconsistent header"));
        assertTrue(rejection(write("nolead", "nolead 1 250 7\nnolead.dat 16 200 12 0 0 0 0 RESP\n", dat))
                .contains("no standard ECG lead"));
        assertTrue(rejection(write("gain", "gain 1 250 7\ngain.dat 16 abc 12 0 0 0 0 I\n", dat))
                .contains("gain 'abc'"));
        Path noDat = write("nodat", header("nodat", 16, "200", 7, VALUES, ""), null);
        assertTrue(rejection(noDat).contains("cannot be read"));
    }

    @Test
    void aHeaderNamingAFileOutsideItsFolderIsRefused() throws IOException {
        Path secret = tmp.resolve("secret.dat");
        Files.write(secret, encode(16, VALUES));
        for (String bad : List.of("../secret.dat", secret.toString(), "sub/../../secret.dat", "..\\secret.dat")) {
            Path hea = write("trav", "trav 1 250 7\n" + bad + " 16 200 12 0 0 0 0 I\n", null);
            assertTrue(rejection(hea).contains("outside its folder"), bad);
        }
    }

    @Test
    void aSingleAnnotatedBeatBecomesTheFiducials() throws IOException {
        Path hea = write("med", "med 1 500 600\nmed.dat 16 1000 16 0 0 0 0 II\n", new byte[1200]);
        // '(' 100, p 120, ')' 140, '(' 200, N 220, ')' 245, '(' 300, t 360, ')' 400 — written as MIT words
        int[][] marks = {{39, 100}, {24, 120}, {40, 140}, {39, 200}, {1, 220}, {40, 245}, {39, 300}, {27, 360},
            {40, 400}};
        Files.write(hea.resolveSibling("med.ii"), annotationFile(marks));
        List<SourceItem> items = new ArrayList<>();
        new WfdbSource(hea, WfdbSource.ChecksumPolicy.REJECT).forEach(items::add);
        SourceRecord sr = assertInstanceOf(SourceItem.Accepted.class, items.get(0)).record();
        // no V5 in the record: no R peak by HeatBench's definition (lead II's annotated N is not it)
        assertEquals(new Fiducials(100, 140, 200, 245, 400, -1), sr.record().fiducials());
        Beat b = WfdbRecord.read(hea).delineations().get(Lead.II).beats().get(0);
        assertArrayEquals(new int[] {100, 140, 200, 245, 400, 220}, b.fiducials());
    }

    @Test
    void annotationSkipNumChanAndAuxFields() {
        // N at 5; SKIP +100000; V at 100005+3 with CHN 2 and AUX "(AFIB"; end
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] words = {(1 << 10) | 5, 59 << 10};
        for (int w : words) {
            out.write(w & 0xff);
            out.write(w >> 8);
        }
        int skip = 100000;
        int hi = skip >>> 16;
        int lo = skip & 0xffff;
        out.write(hi & 0xff);
        out.write(hi >> 8);
        out.write(lo & 0xff);
        out.write(lo >> 8);
        int[] rest = {(5 << 10) | 3, (62 << 10) | 2, (63 << 10) | 5};
        for (int w : rest) {
            out.write(w & 0xff);
            out.write(w >> 8);
        }
        out.writeBytes("(AFIB".getBytes(StandardCharsets.US_ASCII));
        out.write(0); // pad to even
        out.write(0);
        out.write(0);
        List<Annotation> a = WfdbAnnotations.parse(out.toByteArray(), "t.atr");
        assertEquals(2, a.size());
        assertEquals(new Annotation(5, 1, "N", 0, 0, 0, ""), a.get(0));
        assertEquals(new Annotation(100008, 5, "V", 0, 2, 0, "(AFIB"), a.get(1));
        assertThrows(InvalidInputException.class, () -> WfdbAnnotations.parse(new byte[] {(byte) 0xff, (byte) 0xfc,
            1}, "bad.atr"));
    }

    /**
     * A WFDB annotation file in MIT format: one 16-bit little-endian word per mark, {@code code << 10 | sample
     * increment}, then the end word 0.
     *
     * @param marks {code, sample} pairs in sample order (increments below 1024)
     */
    static byte[] annotationFile(int[][] marks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int last = 0;
        for (int[] m : marks) {
            int word = (m[0] << 10) | (m[1] - last);
            last = m[1];
            out.write(word & 0xff);
            out.write(word >> 8);
        }
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }
}
