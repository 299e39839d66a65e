package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HL7 aECG example (test resources, copied from ../shared/data/real/hl7_aecg_example). */
class AecgImportTest {
    static Path example;
    static Path folder;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() throws URISyntaxException {
        example = Path.of(AecgImportTest.class.getResource("/hl7_aecg_example/Example_aECG.xml").toURI());
        folder = example.getParent();
    }

    private static List<SourceItem> items(Path input) {
        List<SourceItem> items = new ArrayList<>();
        new AecgSource(input).forEach(items::add);
        return items;
    }

    @Test
    void reproducesTheDeviceFiducialsAndMeasurements() throws IOException {
        List<SourceItem> items = items(example);
        assertEquals(1, items.size());
        SourceRecord sr = ((SourceItem.Accepted) items.get(0)).record();
        EcgRecord r = sr.record();
        assertEquals(500, sr.rateHz(), 1e-9);
        assertEquals(599, r.samples());
        // P 286–388 ms, QRS 434–554 ms, T off 854 ms from the median's start, at 2 ms per sample
        assertEquals(new Fiducials(143, 194, 217, 277, 427, -1), r.fiducials());
        JsonNode ann = new ObjectMapper().readTree(folder.resolve("annotations.json").toFile());
        JsonNode waves = ann.get("median_beat_annotations_ms_from_median_start");
        assertEquals(waves.get("MDC_ECG_WAVC_PWAVE").get("onset").asDouble(), r.fiducials().pOn() * 2.0);
        assertEquals(waves.get("MDC_ECG_WAVC_QRSWAVE").get("offset").asDouble(), r.fiducials().qrsOff() * 2.0);
        assertEquals(waves.get("MDC_ECG_WAVC_TWAVE").get("offset").asDouble(), r.fiducials().tOff() * 2.0);
        JsonNode m = ann.get("global_measurements");
        assertEquals(m.get("MDC_ECG_TIME_PD_PR").get("value").asDouble(), r.targets().pr());
        assertEquals(m.get("MDC_ECG_TIME_PD_QRS").get("value").asDouble(), r.targets().qrs());
        assertEquals(m.get("MDC_ECG_TIME_PD_QT").get("value").asDouble(), r.targets().qt());
        assertEquals(148, r.targets().pr());
        assertEquals(120, r.targets().qrs());
        assertEquals(420, r.targets().qt());
        assertEquals(ann.get("heart_rate_bpm_from_mean_rr").asDouble(), r.targets().hr(), 0.05);
        assertTrue(r.targets().isMissing(Target.T_AMP_V5) && r.targets().isMissing(Target.R_AMP_V5)
                && r.targets().isMissing(Target.STJ_V5));
        // the file states no rate: HeatBench's mean RR of the device's annotated QRS onsets, not the device's number
        assertEquals(Map.of(Target.HR, ValueSource.MEASURED), sr.sources().targets());
        assertTrue(sr.sources().fiducials().isEmpty(), "the fiducials are the device's annotations");
    }

    @Test
    void aStatedHeartRateIsTheDevicesOwn() throws IOException {
        String xml = Files.readString(example, StandardCharsets.UTF_8);
        // one more global measurement in the representative beat's annotation set
        String set = "the representative beats of the derivedSeries-->\\s*<subjectOf>\\s*<annotationSet>";
        String stated = xml.replaceFirst("(" + set + ")", "$1<component><annotation><code code=\"MDC_ECG_HEART_RATE\" "
                + "codeSystem=\"2.16.840.1.113883.6.24\" codeSystemName=\"MDC\"/><value xsi:type=\"PQ\" "
                + "value=\"70\" unit=\"bpm\"/></annotation></component>");
        assertTrue(stated.length() > xml.length());
        Path f = tmp.resolve("stated.xml");
        Files.writeString(f, stated, StandardCharsets.UTF_8);
        SourceRecord sr = AecgSource.read(f, "stated");
        assertEquals(70, sr.record().targets().hr());
        assertTrue(sr.sources().isDefault(), sr.sources().toString());
    }

    @Test
    void theSignalEqualsTheIndependentCsvExport() throws IOException {
        EcgRecord r = ((SourceItem.Accepted) items(example).get(0)).record().record();
        List<String> lines = Files.readAllLines(folder.resolve("median_500Hz_uV.csv"), StandardCharsets.UTF_8);
        List<Lead> header = Lead.parseAll(List.of(lines.get(0).split(",")));
        assertEquals(599, lines.size() - 1);
        for (int t = 0; t < 599; t++) {
            String[] v = lines.get(t + 1).split(",");
            for (int c = 0; c < header.size(); c++) {
                assertEquals(Float.parseFloat(v[c]), r.sample(r.leads().indexOf(header.get(c)), t), 1e-3,
                        header.get(c).label() + " sample " + t);
            }
        }
    }

    @Test
    void importsIntoA600SampleStoreByPaddingOneSample() {
        Path out = tmp.resolve("store");
        ImportSummary s = Importer.run(new AecgSource(folder), out,
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 500, 600)), false);
        assertEquals(1, s.imported());
        assertEquals(0, s.rejected());
        assertEquals(1, s.padded());
        try (EcgStore store = EcgStore.open(out)) {
            EcgRecord r = store.record(0);
            assertEquals("Example_aECG", r.id());
            assertEquals(new Fiducials(143, 194, 217, 277, 427, -1), r.fiducials());
            for (int k = 0; k < 12; k++) {
                assertEquals(r.sample(k, 598), r.sample(k, 599));
            }
            assertTrue(store.spec().provenance().source().startsWith("aecg "));
        }
    }

    @Test
    void malformedOrIncompleteFilesAreRejectedWithTheirReason() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        String xml = Files.readString(example, StandardCharsets.UTF_8);
        Files.writeString(in.resolve("a_broken.xml"), xml.substring(0, xml.length() / 2));
        Files.writeString(in.resolve("b_no_median.xml"), xml.replace("REPRESENTATIVE_BEAT", "SOMETHING_ELSE"));
        int beat = xml.indexOf("REPRESENTATIVE_BEAT");
        Files.writeString(in.resolve("c_v7.xml"), xml.substring(0, beat)
                + xml.substring(beat).replace("MDC_ECG_LEAD_V6", "MDC_ECG_LEAD_V7"));
        Files.writeString(in.resolve("d_not_aecg.xml"), "<?xml version=\"1.0\"?><html/>");
        Files.writeString(in.resolve("e_doctype.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><AnnotatedECG>&e;</AnnotatedECG>");
        Files.copy(example, in.resolve("f_good.xml"));
        ImportSummary s = Importer.run(new AecgSource(in), tmp.resolve("out"),
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 500, 600)), false);
        assertEquals(6, s.read());
        assertEquals(1, s.imported());
        List<String> reasons = s.rejections().stream().map(r -> r.id() + ": " + r.reason()).toList();
        assertEquals(5, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("a_broken: is not well-formed XML"), reasons.get(0));
        assertTrue(reasons.get(1).contains("has no representative beat"), reasons.get(1));
        assertTrue(reasons.get(2).contains("unknown lead") && reasons.get(2).contains("V7"), reasons.get(2));
        assertTrue(reasons.get(3).contains("not an HL7 aECG document"), reasons.get(3));
        assertTrue(reasons.get(4).startsWith("e_doctype: is not well-formed XML"), reasons.get(4));
        assertTrue(Files.readString(tmp.resolve("out").resolve("import-report.json")).contains("c_v7"));
    }
}
