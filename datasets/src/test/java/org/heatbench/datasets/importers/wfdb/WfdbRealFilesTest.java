package org.heatbench.datasets.importers.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.ImportSummary;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real WFDB records in ../shared/data/real/wfdb (LUDB 1, PTB-XL 00001_lr, PTB s0010_re, MIT-BIH 100). */
class WfdbRealFilesTest {
    @TempDir
    Path tmp;

    @Test
    void everyRecordUnderTheSharedFolderReads() {
        Path dir = SharedData.real("wfdb");
        List<SourceItem> items = new ArrayList<>();
        new WfdbSource(dir, WfdbSource.ChecksumPolicy.REJECT).forEach(items::add);
        assertEquals(4, items.size());
        for (SourceItem item : items) {
            assertInstanceOf(SourceItem.Accepted.class, item, item::toString);
        }
    }

    @Test
    void ludbLeadTwoBoundariesAreTheCardiologistsMarks() {
        WfdbRecord r = WfdbRecord.read(SharedData.real("wfdb/ludb/1.hea"));
        assertEquals(Lead.STANDARD_12, r.leads());
        assertEquals(5000, r.samples());
        assertEquals(500, r.rateHz());
        assertEquals(12, r.delineations().size());
        LeadDelineation ii = r.delineations().get(Lead.II);
        Beat first = ii.beats().get(0);
        assertEquals(644, first.qrs().onset());
        assertEquals(682, first.qrs().offset());
        assertNotNull(first.t());
        assertEquals(776, first.t().onset());
        assertEquals(878, first.t().offset());
        Beat second = ii.beats().get(1);
        assertEquals(1250, second.p().onset());
        assertEquals(1302, second.p().offset());
        assertEquals(1324, second.qrs().onset());
        assertEquals(1374, second.qrs().offset());
        assertTrue(first.qrs().onset() < first.qrs().peak() && first.qrs().peak() < first.qrs().offset());
        assertTrue(r.header().comments().stream().anyMatch(c -> c.contains("Sinus bradycardia")));
        WfdbSource src = new WfdbSource(r.headerFile(), WfdbSource.ChecksumPolicy.REJECT);
        var meta = src.toSource(r).metadata();
        assertEquals("51", meta.get("age"));
        assertEquals("F", meta.get("sex"));
    }

    /** The figure WfdbSource's Javadoc quotes for not storing lead II's annotated peak as r_peak. */
    @Test
    void ludbV5MaximumIsOneSampleAfterLeadTwosAnnotatedPeakInEveryBeat() {
        WfdbRecord r = WfdbRecord.read(SharedData.real("wfdb/ludb/1.hea"));
        float[] x = r.signal();
        List<Beat> beats = r.delineations().get(Lead.II).beats();
        assertEquals(6, beats.size());
        for (Beat b : beats) {
            int v5 = WfdbSource.v5Peak(r.leads(), x, r.samples(), b.qrs().onset(), b.qrs().offset());
            assertEquals(b.qrs().peak() + 1, v5, "beat at " + b.qrs().onset());
        }
    }

    @Test
    void ptbxlRecordEqualsTheIndependentCsvExportWithinOneAdcStep() throws IOException {
        WfdbRecord r = WfdbRecord.read(SharedData.real("wfdb/ptbxl/00001_lr.hea"));
        Path csv = SharedData.real("ptbxl_100hz_samples/records/00001_lr_100hz.csv");
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(1000, rows.size());
        assertEquals(1000, r.samples());
        assertEquals(Lead.STANDARD_12, r.leads());
        float[] x = r.signal();
        for (int t = 0; t < 1000; t++) {
            String[] v = rows.get(t).split(",");
            for (int k = 0; k < 12; k++) {
                double uv = Double.parseDouble(v[k]) * 1000;
                // gain 1000 ADC units per mV: one ADC step = 1 uV
                assertEquals(uv, x[k * 1000 + t], 1.0 + 1e-6, "lead " + k + " sample " + t);
            }
        }
        assertTrue(r.problems().isEmpty(), r.problems()::toString);
    }

    @Test
    void mitBih100FirstSamplesAreWhatPhysioNetGives() throws IOException {
        Path hea = SharedData.real("wfdb/mitdb/100.hea");
        WfdbRecord r = WfdbRecord.read(hea);
        assertEquals(List.of(Lead.II, Lead.V5), r.leads());
        assertEquals(650000, r.samples());
        assertEquals(360, r.rateHz());
        // PhysioNet's `rdsamp -r mitdb/100 -P -t s0.03`: MLII column -0.145 x 8, then -0.120, -0.135 (gain 200,
        // baseline 1024). Checked here against our own reading of the 212 bytes: the first 15 bytes are
        // e3 33 f3 e3 33 f3 ...: 0x3e3 = 995 (MLII), 0x3f3 = 1011 (V5), so MLII = (995 - 1024) / 200 = -0.145 mV.
        byte[] b = Files.readAllBytes(hea.resolveSibling("100.dat"));
        double[] expectedMv = {-0.145, -0.145, -0.145, -0.145, -0.145, -0.145, -0.145, -0.145, -0.120, -0.135};
        float[] x = r.signal();
        for (int t = 0; t < expectedMv.length; t++) {
            int p = 3 * t; // one frame of two 12-bit samples = 3 bytes; MLII is the first sample of the pair
            int adc = (b[p] & 0xff) + 256 * (b[p + 1] & 0x0f);
            assertEquals(expectedMv[t], (adc - 1024) / 200.0, 1e-12, "own reading, sample " + t);
            assertEquals(expectedMv[t] * 1000, x[t], 1e-3, "importer, sample " + t);
        }
        assertEquals((1011 - 1024) / 200.0 * 1000, x[650000], 1e-3); // V5 sample 0
        List<Annotation> beats = r.beatAnnotations();
        assertEquals(2273, beats.size()); // MIT-BIH 100: 2,273 beats (PhysioNet's table: 2,239 N + 33 A + 1 V)
        assertEquals(2239, beats.stream().filter(a -> a.symbol().equals("N")).count());
        assertTrue(r.problems().isEmpty(), r.problems()::toString);
    }

    @Test
    void mitBih100NeedsAStoreWithItsTwoLeads() {
        Path dir = SharedData.real("wfdb/mitdb");
        ImportSummary twelve = Importer.run(new WfdbSource(dir, WfdbSource.ChecksumPolicy.REJECT), tmp.resolve("a"),
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 360, 3600)), false);
        assertEquals(0, twelve.imported());
        assertTrue(twelve.rejections().get(0).reason().contains("lead I is not among the available leads"),
                twelve.rejections().get(0).reason());
        ImportSummary two = Importer.run(new WfdbSource(dir, WfdbSource.ChecksumPolicy.REJECT), tmp.resolve("b"),
                ImportOptions.of(StoreSpec.of(List.of(Lead.II, Lead.V5), 360, 3600)), false);
        assertEquals(1, two.imported());
        assertEquals(1, two.cropped());
        try (EcgStore s = EcgStore.open(tmp.resolve("b"))) {
            assertEquals(-145, s.read(0, 1, List.of(Lead.II)).signals()[0], 1e-3);
        }
    }

    @Test
    void ptbKeepsTwelveLeadsAndListsTheFrankLeads() {
        WfdbRecord r = WfdbRecord.read(SharedData.real("wfdb/ptbdb/s0010_re.hea"));
        assertEquals(Lead.STANDARD_12, r.leads());
        assertEquals(List.of("vx", "vy", "vz"), r.ignoredSignals());
        assertEquals(38400, r.samples());
        assertTrue(r.problems().isEmpty(), r.problems()::toString);
    }
}
