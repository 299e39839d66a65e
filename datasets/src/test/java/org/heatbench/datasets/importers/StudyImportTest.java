package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.SampleType;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference study's two layouts, built here: per-ECG .h5 files, and raw MUSE CSVs + ground-truth CSV. */
class StudyImportTest {
    @TempDir
    Path tmp;

    private static final StoreSpec INT16 = StoreSpec.of(Lead.STANDARD_12, 500, 600)
            .withSampleType(SampleType.INT16, 1.0).withDeflate(4).withShardSize(3);

    /** median[t][lead] int16 µV, like the study's files. */
    private static short[][] median(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        short[][] m = new short[600][12];
        for (short[] row : m) {
            for (int k = 0; k < 12; k++) {
                row[k] = (short) r.nextInt(-3000, 3000);
            }
        }
        return m;
    }

    private static void writeH5(Path file, Object median, Map<String, Object> attributes) throws IOException {
        Files.createDirectories(file.getParent());
        try (WritableHdfFile f = HdfFile.write(file)) {
            WritableDataset ds = f.putDataset("median", median);
            attributes.forEach(ds::putAttribute);
        }
    }

    private static Map<String, Object> attrs(int vent, int qt) {
        return Map.of("VentRate", vent, "pr", 160, "qrs", 92, "qt", qt, "STJ_v5", 15.0, "T_PeakAmpl_v5", 350.5,
                "R_PeakAmpl_v5", 1400, "QOnset", 218, "TOffset", 420);
    }

    private static void assertSignal(short[][] expected, EcgRecord r) {
        for (int t = 0; t < 600; t++) {
            for (int k = 0; k < 12; k++) {
                assertEquals(expected[t][k], r.sample(k, t), "t=" + t + " lead " + k);
            }
        }
    }

    @Test
    void studyH5FolderRoundTripsLosslesslyAndRejectsBadFilesWithReasons() throws IOException {
        Path in = tmp.resolve("h5");
        short[][] m1 = median(1);
        short[][] m2 = median(2);
        writeH5(in.resolve("1001.h5"), m1, attrs(61, 402));
        writeH5(in.resolve("1002.h5"), m2, Map.of("VentRate", 75L, "qt", "398", "pr", ""));
        writeH5(in.resolve("1003.h5"), median(3), attrs(70, 380));
        writeH5(in.resolve("sub/1001.h5"), median(4), attrs(62, 401)); // same patid again
        writeH5(in.resolve("1004.h5"), new short[12][600], attrs(60, 400)); // lead x time: wrong orientation
        float[][] nan = new float[600][12];
        nan[300][10] = Float.NaN;
        writeH5(in.resolve("1005.h5"), nan, attrs(60, 400));
        writeH5(in.resolve("1006.h5"), median(6), Map.of("VentRate", "fast"));
        byte[] good = Files.readAllBytes(in.resolve("1003.h5"));
        Files.write(in.resolve("1007.h5"), Arrays.copyOf(good, 2000));
        Files.writeString(in.resolve("1008.h5"), "patid;VentRate\n1008;60\n");
        try (WritableHdfFile f = HdfFile.write(in.resolve("1009.h5"))) {
            f.putDataset("signal", median(9));
        }

        Path out = tmp.resolve("store");
        ImportSummary s = Importer.run(new StudyH5Source(in, 500, 1.0), out, ImportOptions.of(INT16), false);
        assertEquals(10, s.read(), s.rejections().toString());
        assertEquals(3, s.imported(), s.rejections().toString());
        List<String> reasons = s.rejections().stream().map(r -> r.id() + ": " + r.reason()).toList();
        assertEquals(7, reasons.size());
        assertTrue(reasons.get(0).startsWith("1004: dataset median has shape [12, 600], expected [samples, 12]"),
                reasons.get(0));
        assertTrue(reasons.get(1).startsWith("1005: lead V5 sample 300 is NaN"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("1006: VentRate = 'fast' is not a number"), reasons.get(2));
        assertTrue(reasons.get(3).startsWith("1007: HDF5 file") && reasons.get(3).contains("is truncated: 2000 bytes"),
                reasons.get(3));
        assertTrue(reasons.get(4).startsWith("1008: not a readable HDF5 file"), reasons.get(4));
        assertTrue(reasons.get(5).startsWith("1009: has no dataset 'median'"), reasons.get(5));
        assertTrue(reasons.get(6).startsWith("1001: duplicate record id '1001'"), reasons.get(6));
        assertEquals(1L, s.missingTargets().get(Target.PR));
        assertEquals(1L, s.missingTargets().get(Target.T_AMP_V5));

        try (EcgStore store = EcgStore.open(out)) {
            assertEquals(List.of("1001", "1002", "1003"), store.read(0, 3).ids());
            assertSignal(m1, store.record(0));
            assertSignal(m2, store.record(1));
            assertEquals(new Targets(61, 160, 92, 402, 350.5, 1400, 15), store.targets(0));
            Targets t2 = store.targets(1);
            assertEquals(75, t2.hr());
            assertEquals(398, t2.qt());
            assertTrue(t2.isMissing(Target.PR) && t2.isMissing(Target.STJ_V5));
            assertEquals(new Fiducials(-1, -1, 218, -1, 420, -1), store.fiducials(0));
            assertEquals(SampleType.INT16, store.spec().sampleType());
        }
        String report = Files.readString(out.resolve("import-report.json"));
        assertTrue(report.contains("\"rejected\" : 7") && report.contains("1007"), report);
    }

    @Test
    void requiredTargetsRejectRecordsThatLackThem() throws IOException {
        Path in = tmp.resolve("h5");
        writeH5(in.resolve("a.h5"), median(1), attrs(61, 402));
        writeH5(in.resolve("b.h5"), median(2), Map.of("VentRate", 75));
        ImportSummary s = Importer.run(new StudyH5Source(in, 500, 1.0), tmp.resolve("s"),
                ImportOptions.of(INT16).withRequiredTargets(Set.of(Target.QT)), false);
        assertEquals(1, s.imported());
        assertEquals("required target qt is missing", s.rejections().get(0).reason());
    }

    private static String museCsv(short[][] m, int brokenLine) {
        StringBuilder b = new StringBuilder("Patient ID,42\nAcquisition,2020-01-01\n12 lead medians\n");
        for (int t = 0; t < m.length; t++) {
            int n = t == brokenLine ? 11 : 12;
            for (int k = 0; k < n; k++) {
                b.append(m[t][k]).append(',');
            }
            b.append('\n');
        }
        b.append("\nRhythm strip\n1,2,3\n");
        return b.toString();
    }

    @Test
    void studyCsvLayoutJoinsTheGroundTruthByPatid() throws IOException {
        Path in = tmp.resolve("csv");
        Files.createDirectories(in);
        short[][] m1 = median(11);
        short[][] m2 = median(12);
        Files.writeString(in.resolve("p1.csv"), museCsv(m1, -1));
        Files.writeString(in.resolve("p2.csv"), museCsv(m2, -1));
        Files.writeString(in.resolve("p3.csv"), museCsv(median(13), 17));
        Files.writeString(in.resolve("p4.csv"), "no medians in here\n1,2,3\n");
        Files.writeString(in.resolve("p5.csv"), museCsv(median(15), -1));
        Path gt = tmp.resolve("ground_truth.csv");
        Files.writeString(gt, String.join("\n",
                "patid;VentRate;pr;qrs;qt;STJ_v5;T_PeakAmpl_v5;R_PeakAmpl_v5;normal",
                "p1;64;150;90;410;12;300;1200;true",
                "p2;80;;100;380;-5;250;900;false",
                "p9;70;150;90;400;10;300;1000;true",
                "p5;70;150;90;400;10;300;1000;true",
                "p5;71;150;90;400;10;300;1000;true"), StandardCharsets.UTF_8);
        ImportSummary s = Importer.run(new StudyCsvSource(in, gt, 500, 1.0), tmp.resolve("store"),
                ImportOptions.of(INT16), false);
        List<String> reasons = new ArrayList<>(s.rejections().stream().map(r -> r.id() + ": " + r.reason()).toList());
        assertEquals(2, s.imported(), reasons.toString());
        assertEquals(List.of(
                "p3: line 21 of the median block has 11 values, expected 12",
                "p4: has no line containing '12 lead medians'",
                "p5: the ground truth lists patid p5 more than once",
                "p9: ground-truth row has no ECG file p9.csv"), reasons);
        try (EcgStore store = EcgStore.open(tmp.resolve("store"))) {
            assertSignal(m1, store.record(0));
            assertSignal(m2, store.record(1));
            assertEquals(new Targets(64, 150, 90, 410, 300, 1200, 12), store.targets(0));
            assertTrue(store.targets(1).isMissing(Target.PR));
            assertEquals(-5, store.targets(1).stjV5());
        }
    }
}
