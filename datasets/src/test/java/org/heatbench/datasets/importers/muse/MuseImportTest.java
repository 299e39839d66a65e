package org.heatbench.datasets.importers.muse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.ImportSummary;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GE MUSE XML: the two real BRAVEHEART exports in ../shared (never copied here) and hostile files written here. */
class MuseImportTest {
    @TempDir
    Path tmp;

    private static List<SourceItem> items(Path input, MuseSource.Waveform w) {
        List<SourceItem> items = new ArrayList<>();
        new MuseSource(input, w, MuseSource.DEFAULT_TOLERANCE_MS).forEach(items::add);
        return items;
    }

    private static SourceRecord accepted(SourceItem item) {
        return assertInstanceOf(SourceItem.Accepted.class, item, () -> item.toString()).record();
    }

    @Test
    void realExportsGiveTheXmlTargetsAndFiducialsExactly() {
        Path dir = SharedData.real("muse_xml");
        List<SourceItem> items = items(dir, MuseSource.Waveform.MEDIAN);
        assertEquals(2, items.size());
        EcgRecord e1 = accepted(items.get(0)).record();
        EcgRecord e2 = accepted(items.get(1)).record();
        assertEquals("example1", e1.id());
        assertEquals(List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5, Lead.V6), e1.leads());
        assertEquals(600, e1.samples());
        assertEquals(500, accepted(items.get(0)).rateHz());
        // <RestingECGMeasurements> of example1: VentricularRate 48, PRInterval 138, QRSDuration 96, QTInterval 452
        assertEquals(48, e1.targets().hr());
        assertEquals(138, e1.targets().pr());
        assertEquals(96, e1.targets().qrs());
        assertEquals(452, e1.targets().qt());
        // POnset 147, POffset 200, QOnset 216, QOffset 264, TOffset 442; R peak from V5 (see below)
        assertEquals(new Fiducials(147, 200, 216, 264, 442, 239), e1.fiducials());
        assertEquals(65, e2.targets().hr());
        assertEquals(184, e2.targets().pr());
        assertEquals(100, e2.targets().qrs());
        assertEquals(420, e2.targets().qt());
        assertEquals(124, e2.fiducials().pOn());
        assertEquals(216, e2.fiducials().qrsOn());
        assertEquals(266, e2.fiducials().qrsOff());
        assertEquals(426, e2.fiducials().tOff());
    }

    /** The file's text without its 12SL {@code <MeasurementMatrix>}: a MUSE export that carries none. */
    static String withoutMatrix(String xml) {
        return xml.replaceAll("(?s)<MeasurementMatrix>.*?</MeasurementMatrix>", "");
    }

    @Test
    void withoutA12slMatrixTheV5AmplitudesAreMeasuredAtTheDeviceFiducials() throws IOException {
        Path file = SharedData.real("muse_xml/example1.xml");
        String xml = Files.readString(file, StandardCharsets.ISO_8859_1);
        SourceRecord sr = new MuseSource(file, MuseSource.Waveform.MEDIAN, 10).read(
                withoutMatrix(xml).getBytes(StandardCharsets.ISO_8859_1), file.toString(), "example1");
        EcgRecord r = sr.record();
        for (Target t : List.of(Target.R_AMP_V5, Target.STJ_V5, Target.T_AMP_V5)) {
            assertEquals(ValueSource.MEASURED, sr.sources().targets().get(t), t.key());
        }
        assertEquals(ValueSource.MEASURED, sr.sources().fiducials().get(Fiducial.R_PEAK));
        assertEquals(Set.of(Target.R_AMP_V5, Target.STJ_V5, Target.T_AMP_V5), sr.sources().targets().keySet(),
                "hr, pr, qrs, qt are the device's");
        // independent decoding: regex + java.util.Base64 MIME decoder + ByteBuffer, not the StAX parser
        String median = xml.substring(xml.indexOf("<WaveformType>Median"), xml.indexOf("<WaveformType>Rhythm"));
        Matcher m = Pattern.compile("<LeadID>V5</LeadID>.*?<WaveFormData>([^<]*)</WaveFormData>", Pattern.DOTALL)
                .matcher(median);
        assertTrue(m.find());
        ByteBuffer b = ByteBuffer.wrap(Base64.getMimeDecoder().decode(m.group(1))).order(ByteOrder.LITTLE_ENDIAN);
        double[] v5 = new double[600];
        for (int i = 0; i < 600; i++) {
            v5[i] = b.getShort() * 4.88;
        }
        float[] lead = r.lead(Lead.V5);
        for (int i = 0; i < 600; i++) {
            assertEquals(v5[i], lead[i], 1e-3);
        }
        int qOn = 216;
        int qOff = 264;
        int tOff = 442;
        int peak = qOn;
        for (int i = qOn; i <= qOff; i++) {
            peak = v5[i] > v5[peak] ? i : peak;
        }
        double t = 0;
        for (int i = qOff; i <= tOff; i++) {
            t = Math.abs(v5[i] - v5[qOn]) > Math.abs(t) ? v5[i] - v5[qOn] : t;
        }
        assertEquals(239, peak);
        assertEquals(v5[peak] - v5[qOn], r.targets().rAmpV5(), 1e-3);
        assertEquals(v5[qOff] - v5[qOn], r.targets().stjV5(), 1e-3);
        assertEquals(t, r.targets().tAmpV5(), 1e-3);
        // the same numbers worked out by hand from the int16 samples (309 - 0, 5 - 0 units at 4.88 uV; float32 signal)
        assertEquals(1507.92, r.targets().rAmpV5(), 1e-3);
        assertEquals(24.4, r.targets().stjV5(), 1e-3);
    }

    @Test
    void rhythmWaveformImportsTenSecondsWithTargetsButNoMedianFiducials() {
        Path file = SharedData.real("muse_xml/example2.xml");
        SourceRecord sr = accepted(items(file, MuseSource.Waveform.RHYTHM).get(0));
        assertEquals(5000, sr.record().samples());
        assertEquals(65, sr.record().targets().hr());
        assertEquals(Fiducials.UNKNOWN, sr.record().fiducials());
        assertEquals("rhythm", sr.metadata().get("waveform"));
        // the record's V5 amplitudes are 12SL's, from its measurement matrix
        assertEquals(815, sr.record().targets().rAmpV5());
        assertTrue(sr.sources().targets().isEmpty(), sr.sources().toString());
    }

    @Test
    void importsIntoATwelveLeadStoreWithDerivedLimbLeads() {
        Path dir = SharedData.real("muse_xml");
        Path out = tmp.resolve("store");
        ImportSummary s = Importer.run(new MuseSource(dir, MuseSource.Waveform.MEDIAN, 10), out,
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 500, 600)), false);
        assertEquals(2, s.imported());
        try (EcgStore store = EcgStore.open(out)) {
            EcgBatch b = store.read(0, 2, Lead.STANDARD_12);
            float[] x = b.signals();
            for (int t = 0; t < 600; t++) {
                float i = x[t];
                float ii = x[600 + t];
                assertEquals(ii - i, x[2 * 600 + t], 1e-3f);
            }
            assertEquals(452, b.target(Target.QT)[0]);
        }
    }

    // ---- hostile and broken files, written by the test ----

    /** A minimal MUSE document: 8 leads x 600 samples (a ramp per lead), with the given measurements. */
    static String museXml(String measurements, List<String> leadIds, int samples, boolean goodCrc) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<!DOCTYPE RestingECG SYSTEM \"restecg.dtd\">\n<RestingECG>\n<RestingECGMeasurements>"
                + measurements + "<ECGSampleBase>500</ECGSampleBase><ECGSampleExponent>0</ECGSampleExponent>"
                + "</RestingECGMeasurements>\n<Diagnosis><DiagnosisStatement><StmtText>Sinus rhythm</StmtText>"
                + "</DiagnosisStatement><DiagnosisStatement><StmtText>Normal ECG</StmtText></DiagnosisStatement>"
                + "</Diagnosis>\n<Waveform><WaveformType>Median</WaveformType><SampleBase>500</SampleBase>"
                + "<SampleExponent>0</SampleExponent>\n");
        for (int k = 0; k < leadIds.size(); k++) {
            ByteBuffer b = ByteBuffer.allocate(2 * samples).order(ByteOrder.LITTLE_ENDIAN);
            for (int t = 0; t < samples; t++) {
                b.putShort((short) (k * 10 + (t % 50)));
            }
            CRC32 crc = new CRC32();
            crc.update(b.array());
            sb.append("<LeadData><LeadByteCountTotal>").append(2 * samples).append("</LeadByteCountTotal>")
                    .append("<LeadAmplitudeUnitsPerBit>4.88</LeadAmplitudeUnitsPerBit>")
                    .append("<LeadAmplitudeUnits>MICROVOLTS</LeadAmplitudeUnits><LeadID>").append(leadIds.get(k))
                    .append("</LeadID><LeadSampleSize>2</LeadSampleSize><LeadDataCRC32>")
                    .append(goodCrc ? crc.getValue() : crc.getValue() + 1).append("</LeadDataCRC32><WaveFormData>\n")
                    .append(Base64.getMimeEncoder().encodeToString(b.array())).append("\n</WaveFormData></LeadData>\n");
        }
        return sb.append("</Waveform>\n</RestingECG>\n").toString();
    }

    static final String GOOD_MEASUREMENTS = "<VentricularRate>60</VentricularRate><PRInterval>160</PRInterval>"
            + "<QRSDuration>90</QRSDuration><QTInterval>400</QTInterval><POnset>138</POnset>"
            + "<QOnset>218</QOnset><QOffset>263</QOffset><TOffset>418</TOffset>";
    static final List<String> EIGHT = List.of("I", "II", "V1", "V2", "V3", "V4", "V5", "V6");

    private SourceItem one(String name, String xml) throws IOException {
        Path f = tmp.resolve(name + ".xml");
        Files.writeString(f, xml, StandardCharsets.ISO_8859_1);
        List<SourceItem> items = items(f, MuseSource.Waveform.MEDIAN);
        assertEquals(1, items.size());
        return items.get(0);
    }

    private String rejection(String name, String xml) throws IOException {
        SourceItem item = one(name, xml);
        SourceItem.Rejected r = assertInstanceOf(SourceItem.Rejected.class, item, () -> item.toString());
        assertTrue(r.source().endsWith(name + ".xml"), r.source());
        return r.reason();
    }

    @Test
    void aWrittenFileImportsWithStatementsAsMetadata() throws IOException {
        SourceRecord sr = accepted(one("ok", museXml(GOOD_MEASUREMENTS, EIGHT, 600, true)));
        assertEquals("Sinus rhythm | Normal ECG", sr.metadata().get("statements"));
        assertEquals(new Fiducials(138, -1, 218, 263, 418, sr.record().fiducials().rPeak()), sr.record().fiducials());
        assertEquals(10 * 4.88, sr.record().lead(Lead.II)[0], 1e-4);
        // POffset absent: unknown, not guessed
        assertEquals(-1, sr.record().fiducials().pOff());
    }

    @Test
    void contradictionsAndCorruptionAreRejectedWithTheReason() throws IOException {
        String outside = GOOD_MEASUREMENTS.replace("<TOffset>418</TOffset>", "<TOffset>700</TOffset>");
        assertTrue(rejection("outside", museXml(outside, EIGHT, 600, true)).contains("TOffset 700 is outside"));
        String contradict = GOOD_MEASUREMENTS.replace("<QTInterval>400</QTInterval>", "<QTInterval>440</QTInterval>");
        String reason = rejection("contradict", museXml(contradict, EIGHT, 600, true));
        assertTrue(reason.contains("qt 440 ms contradicts its fiducials") && reason.contains("400.0 ms"), reason);
        assertTrue(rejection("crc", museXml(GOOD_MEASUREMENTS, EIGHT, 600, false)).contains("CRC-32"));
        String good = museXml(GOOD_MEASUREMENTS, EIGHT, 600, true);
        int at = good.indexOf("<WaveFormData>") + "<WaveFormData>\n".length();
        String badBase64 = good.substring(0, at) + "*" + good.substring(at + 1);
        assertTrue(rejection("b64", badBase64).contains("not valid base64"));
        String truncated = good.replaceFirst("<LeadByteCountTotal>1200", "<LeadByteCountTotal>1400");
        assertTrue(rejection("short", truncated).contains("LeadByteCountTotal says 1400"));
        assertTrue(rejection("cut", good.substring(0, good.length() / 2)).contains("not well-formed"));
        assertTrue(rejection("foreign", "<?xml version=\"1.0\"?><AnnotatedECG/>").contains("not a GE MUSE"));
        String nonNumeric = GOOD_MEASUREMENTS.replace("<PRInterval>160", "<PRInterval>abc");
        assertTrue(rejection("nan", museXml(nonNumeric, EIGHT, 600, true)).contains("'abc' is not a number"));
        assertTrue(rejection("lead", museXml(GOOD_MEASUREMENTS, List.of("I", "II", "V1", "X9"), 600, true))
                .contains("unknown <LeadID>"));
    }

    @Test
    void aMissingLeadIsNamedInTheImportReport() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("nov3.xml"), museXml(GOOD_MEASUREMENTS, List.of("I", "II", "V1", "V2", "V4", "V5",
                "V6"), 600, true), StandardCharsets.ISO_8859_1);
        Files.writeString(in.resolve("ok.xml"), museXml(GOOD_MEASUREMENTS, EIGHT, 600, true),
                StandardCharsets.ISO_8859_1);
        ImportSummary s = Importer.run(new MuseSource(in, MuseSource.Waveform.MEDIAN, 10), tmp.resolve("store"),
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 500, 600)), false);
        assertEquals(1, s.imported());
        assertEquals(1, s.rejected());
        assertTrue(s.rejections().get(0).reason().contains("V3"), s.rejections().get(0).reason());
        String report = Files.readString(tmp.resolve("store").resolve("import-report.json"));
        assertTrue(report.contains("nov3.xml"));
    }

    @Test
    void parallelReadingGivesTheSameItemsInTheSameOrder() throws IOException {
        Path in = tmp.resolve("many");
        Files.createDirectories(in);
        for (int i = 0; i < 9; i++) {
            String m = GOOD_MEASUREMENTS.replace("<VentricularRate>60", "<VentricularRate>" + (60 + i));
            Files.writeString(in.resolve("r" + i + ".xml"), museXml(m, EIGHT, 600, i != 4), StandardCharsets.ISO_8859_1);
        }
        List<SourceItem> one = new ArrayList<>();
        new MuseSource(in, MuseSource.Waveform.MEDIAN, 10).forEach(one::add);
        List<SourceItem> three = new ArrayList<>();
        new MuseSource(in, MuseSource.Waveform.MEDIAN, 10).withThreads(3).forEach(three::add);
        assertEquals(9, three.size());
        assertEquals(one.size(), three.size());
        for (int i = 0; i < 9; i++) {
            assertEquals(one.get(i).getClass(), three.get(i).getClass());
            if (one.get(i) instanceof SourceItem.Accepted a) {
                assertEquals(a.record().record(), ((SourceItem.Accepted) three.get(i)).record().record());
            } else {
                assertEquals(one.get(i), three.get(i));
            }
        }
        assertInstanceOf(SourceItem.Rejected.class, three.get(4));
        assertEquals(68, accepted(three.get(8)).record().targets().hr());
    }

    @Test
    void xxeAndBillionLaughsAreRefusedWithoutExpansion() throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOPSECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE RestingECG [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n<RestingECG><RestingECGMeasurements><QTInterval>&x;</QTInterval>"
                + "</RestingECGMeasurements></RestingECG>";
        String reason = rejection("xxe", xxe);
        assertFalse(reason.contains("TOPSECRET"), reason);
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE RestingECG [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            lol.append("<!ENTITY l").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                lol.append("&l").append(i - 1).append(';');
            }
            lol.append("\">");
        }
        lol.append("]>\n<RestingECG><RestingECGMeasurements><QTInterval>&l9;</QTInterval></RestingECGMeasurements>"
                + "</RestingECG>");
        String bomb = rejection("lol", lol.toString());
        assertTrue(bomb.contains("entity") || bomb.contains("not well-formed"), bomb);
    }
}
