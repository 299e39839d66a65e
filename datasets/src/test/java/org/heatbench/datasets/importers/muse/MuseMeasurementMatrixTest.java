package org.heatbench.datasets.importers.muse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * 12SL's {@code <MeasurementMatrix>}: decoded here independently (regex, MIME base64, ByteBuffer) and compared with
 * the file's own {@code <RestingECGMeasurements>}, the matrix's internal relations, HeatBench's measurement at the
 * device's fiducials, and what the importer stores with which source. The real files stay in ../shared (GPL).
 */
class MuseMeasurementMatrixTest {

    /** Independent decoding: header words by index, entries keyed lead << 8 | measurement. */
    record Decoded(Map<Integer, Integer> header, Map<Integer, Integer> entries) {
    }

    static Decoded decode(String xml) {
        Matcher m = Pattern.compile("(?s)<MeasurementMatrix>(.*?)</MeasurementMatrix>").matcher(xml);
        assertTrue(m.find(), "the export has a measurement matrix");
        ByteBuffer b = ByteBuffer.wrap(Base64.getMimeDecoder().decode(m.group(1).trim()))
                .order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, Integer> header = new HashMap<>();
        int length = b.getShort(0);
        for (int w = 0; w < length / 2; w++) {
            header.put(w, (int) b.getShort(2 * w));
        }
        Map<Integer, Integer> entries = new HashMap<>();
        for (int at = length; at + 4 <= b.limit(); at += 4) {
            entries.put((b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff), (int) b.getShort(at + 2));
        }
        return new Decoded(header, entries);
    }

    private static int field(String xml, String name) {
        Matcher m = Pattern.compile("<RestingECGMeasurements>.*?<" + name + ">(\\d+)</" + name + ">", Pattern.DOTALL)
                .matcher(xml);
        assertTrue(m.find(), name);
        return Integer.parseInt(m.group(1));
    }

    private static SourceRecord read(Path file, String xml) {
        String id = file.getFileName().toString().replace(".xml", "");
        return new MuseSource(file, MuseSource.Waveform.MEDIAN, 10).read(xml.getBytes(StandardCharsets.ISO_8859_1),
                file.toString(), id);
    }

    @Test
    void theLayoutAgreesWithTheFilesOwnMeasurementsAndRelations() throws IOException {
        for (String name : List.of("example1", "example2")) {
            String xml = Files.readString(SharedData.real("muse_xml/" + name + ".xml"), StandardCharsets.ISO_8859_1);
            Decoded d = decode(xml);
            Map<Integer, Integer> h = d.header();
            assertEquals(36, h.get(0), "header length in bytes");
            assertEquals(12 * 53, h.get(17), "entry count: 12 leads x 53 measurements");
            assertEquals(12 * 53, d.entries().size());
            // global words 1-13 are <RestingECGMeasurements>: a wrong word offset would not match all of them
            String[] fields = {"POnset", "POffset", "QOnset", "QOffset", null, "TOffset", "QRSCount", "QRSDuration",
                "QTInterval", "QTCorrected", "PRInterval", "VentricularRate"};
            for (int w = 0; w < fields.length; w++) {
                if (fields[w] != null) {
                    // QTc, a derived number, is rounded differently: 436 in the matrix, 437 in example2's XML
                    assertEquals(field(xml, fields[w]), h.get(w + 1), fields[w].equals("QTCorrected") ? 1 : 0,
                            name + " " + fields[w]);
                }
            }
            // the matrix's own relations, in every lead: a shifted measurement index breaks them
            for (int lead = 0; lead < 12; lead++) {
                int k = lead << 8;
                Map<Integer, Integer> e = d.entries();
                assertEquals(Math.max(e.get(k | 13), e.get(k | 21)), e.get(k | 37), name + " lead " + lead + " max R");
                assertEquals(e.get(k | 37) + e.get(k | 38), e.get(k | 36), name + " lead " + lead + " QRS deflection");
                assertEquals(Math.max(e.get(k | 29), Math.max(e.get(k | 30), e.get(k | 31))), e.get(k | 32),
                        name + " lead " + lead + " max ST");
                assertEquals(Math.min(e.get(k | 29), e.get(k | 30)), e.get(k | 33), name + " lead " + lead + " min ST");
            }
            // and the class under test reads the same entries
            MeasurementMatrix mm = MeasurementMatrix.decode(xml.replaceAll("(?s).*<MeasurementMatrix>(.*?)"
                    + "</MeasurementMatrix>.*", "$1"));
            assertEquals(636, mm.size());
            for (int lead = 0; lead < 12; lead++) {
                for (int measure = 0; measure < 53; measure++) {
                    assertEquals(OptionalInt.of(d.entries().get(lead << 8 | measure)),
                            mm.value(MeasurementMatrix.LEADS.get(lead), measure));
                }
            }
        }
    }

    @Test
    void theDevicesV5AmplitudesAreStoredAsTheDevices() throws IOException {
        Path dir = SharedData.real("muse_xml");
        List<SourceItem> items = new ArrayList<>();
        new MuseSource(dir, MuseSource.Waveform.MEDIAN, 10).forEach(items::add);
        // 12SL's V5 (lead index 6) values: example1 R 1508, STJ 24, T 615 µV; example2 R 815, STJ -35, T 0 (no T wave)
        int[][] want = {{1508, 24, 615}, {815, -35, 0}};
        for (int i = 0; i < 2; i++) {
            SourceRecord sr = assertInstanceOf(SourceItem.Accepted.class, items.get(i)).record();
            String xml = Files.readString(Path.of(sr.source()), StandardCharsets.ISO_8859_1);
            Map<Integer, Integer> e = decode(xml).entries();
            int v5 = 6 << 8;
            assertEquals(0, e.get(v5 | 43), "no T' in V5 in these exports");
            EcgRecord r = sr.record();
            assertEquals(e.get(v5 | 37), r.targets().rAmpV5(), 0);
            assertEquals(e.get(v5 | 29), r.targets().stjV5(), 0);
            assertEquals(e.get(v5 | 39), r.targets().tAmpV5(), 0);
            assertEquals(want[i][0], r.targets().rAmpV5(), 0);
            assertEquals(want[i][1], r.targets().stjV5(), 0);
            assertEquals(want[i][2], r.targets().tAmpV5(), 0);
            assertTrue(sr.sources().targets().isEmpty(), "every target is the device's: " + sr.sources());
            assertEquals(ValueSource.MEASURED, sr.sources().fiducials().get(Fiducial.R_PEAK), "12SL states no R peak");
            assertNull(sr.metadata().get("warnings"));
            // the same quantities measured by HeatBench at the device's fiducials agree within one 4.88-uV step,
            // except example2's T, which 12SL did not find (its largest deflection there is 39.04 uV)
            SourceRecord measured = read(Path.of(sr.source()), MuseImportTest.withoutMatrix(xml));
            assertEquals(r.targets().rAmpV5(), measured.record().targets().rAmpV5(), 4.88);
            assertEquals(r.targets().stjV5(), measured.record().targets().stjV5(), 4.88);
            assertEquals(i == 0 ? r.targets().tAmpV5() : 39.04, measured.record().targets().tAmpV5(),
                    i == 0 ? 4.88 : 1e-3);
            assertEquals(r.fiducials(), measured.record().fiducials());
        }
    }

    @Test
    void anUnreadableMatrixFallsBackToTheMeasurementWithAWarning() throws IOException {
        Path file = SharedData.real("muse_xml/example1.xml");
        String xml = Files.readString(file, StandardCharsets.ISO_8859_1);
        EcgRecord measured = read(file, MuseImportTest.withoutMatrix(xml)).record();
        String notBase64 = xml.replaceFirst("<MeasurementMatrix>\\s*JAC", "<MeasurementMatrix>*AC");
        String cut = xml.replaceFirst("(?s)<MeasurementMatrix>\\s*(\\S{60}).*?</MeasurementMatrix>",
                "<MeasurementMatrix>$1</MeasurementMatrix>");
        for (String[] c : new String[][] {{notBase64, "not valid base64"}, {cut, "(truncated)"}}) {
            SourceRecord sr = read(file, c[0]);
            String w = sr.metadata().get("warnings");
            assertTrue(w != null && w.contains("<MeasurementMatrix>") && w.contains(c[1])
                    && w.contains("source measured"), String.valueOf(w));
            assertEquals(measured.targets(), sr.record().targets());
            assertEquals(ValueSource.MEASURED, sr.sources().targets().get(Target.R_AMP_V5));
            assertEquals(ValueSource.MEASURED, sr.sources().targets().get(Target.T_AMP_V5));
        }
    }

    /** A matrix written here: header of {@code headerBytes} (count in its last word), then the given entries. */
    static String matrix(int headerBytes, int count, int[]... entries) {
        ByteBuffer b = ByteBuffer.allocate(headerBytes + 4 * entries.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) headerBytes);
        b.putShort(headerBytes - 2, (short) count);
        for (int i = 0; i < entries.length; i++) {
            b.put(headerBytes + 4 * i, (byte) entries[i][0]).put(headerBytes + 4 * i + 1, (byte) entries[i][1])
                    .putShort(headerBytes + 4 * i + 2, (short) entries[i][2]);
        }
        return Base64.getMimeEncoder().encodeToString(b.array());
    }

    @Test
    void decodingLooksEntriesUpByTheirTagsAndNamesWhatIsWrong() {
        // entries out of order, a T' larger than T, no STJ entry
        MeasurementMatrix m = MeasurementMatrix.decode(matrix(36, 3, new int[] {6, 43, -700}, new int[] {6, 37, 1200},
                new int[] {6, 39, 300}));
        assertEquals(OptionalInt.of(1200), m.value(Lead.V5, MeasurementMatrix.MAX_R_AMP));
        assertEquals(OptionalInt.empty(), m.value(Lead.V5, MeasurementMatrix.STJ));
        assertEquals(OptionalInt.empty(), m.value(Lead.V4, MeasurementMatrix.MAX_R_AMP));
        Map<Target, Double> targets = new HashMap<>(Map.of(Target.STJ_V5, 12.5, Target.R_AMP_V5, 1190.0,
                Target.T_AMP_V5, 280.0));
        ValueSources sources = MuseSource.deviceV5(m, targets, ValueSources.DEFAULT
                .with(Target.R_AMP_V5, ValueSource.MEASURED).with(Target.STJ_V5, ValueSource.MEASURED)
                .with(Target.T_AMP_V5, ValueSource.MEASURED));
        assertEquals(1200.0, targets.get(Target.R_AMP_V5).doubleValue());
        assertEquals(-700.0, targets.get(Target.T_AMP_V5).doubleValue(), "the larger-magnitude of T and T'");
        assertEquals(12.5, targets.get(Target.STJ_V5).doubleValue(), "no device STJ: the measured value stays");
        assertEquals(Map.of(Target.STJ_V5, ValueSource.MEASURED), sources.targets());

        assertTrue(assertThrows(InvalidInputException.class, () -> MeasurementMatrix.decode(matrix(36, 5,
                new int[] {6, 37, 1}))).getMessage().contains("says 5 entries"));
        assertTrue(assertThrows(InvalidInputException.class, () -> MeasurementMatrix.decode(matrix(36, 2,
                new int[] {6, 37, 1}, new int[] {6, 37, 2}))).getMessage().contains("lead 6, measurement 37 twice"));
        assertTrue(assertThrows(InvalidInputException.class, () -> MeasurementMatrix.decode(matrix(7, 0)))
                .getMessage().contains("header length 7"));
        assertTrue(assertThrows(InvalidInputException.class, () -> MeasurementMatrix.decode("AAA"))
                .getMessage().contains("<MeasurementMatrix>"));
    }
}
