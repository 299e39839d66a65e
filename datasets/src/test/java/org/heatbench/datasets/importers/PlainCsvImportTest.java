package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainCsvImportTest {
    @TempDir
    Path tmp;

    /** 1.2 s at 100 Hz in mV: lead k is a k+1 Hz sine of 1 mV (PTB-XL's low-rate layout). */
    private static String lowRateMv(String header, boolean timeColumn) {
        StringBuilder b = new StringBuilder(header == null ? "" : header + "\n");
        for (int i = 0; i < 120; i++) {
            if (timeColumn) {
                b.append(i / 100.0).append(',');
            }
            for (int k = 0; k < 12; k++) {
                b.append(Math.sin(2 * Math.PI * (k + 1) * i / 100.0)).append(k < 11 ? "," : "\n");
            }
        }
        return b.toString();
    }

    @Test
    void resamplesAndConvertsUnitsAndReadsTargets() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("rec1.csv"), lowRateMv("time,I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6", true));
        Files.writeString(in.resolve("rec2.csv"), lowRateMv(null, false));
        Path targets = tmp.resolve("targets.csv");
        Files.writeString(targets, "id;hr;qt;age\nrec1;72.5;401;63\n");
        ImportSummary s = Importer.run(new PlainCsvSource(in, Lead.STANDARD_12, 100, 1000, targets),
                tmp.resolve("store"), ImportOptions.of(StoreSpec.of(Lead.INDEPENDENT_8, 500, 600)), false);
        assertEquals(2, s.imported(), s.rejections().toString());
        assertEquals(2, s.resampled());
        assertEquals(0, s.padded() + s.cropped());
        try (EcgStore store = EcgStore.open(tmp.resolve("store"))) {
            EcgRecord r = store.record(0);
            assertEquals(72.5, r.targets().hr());
            assertEquals(401, r.targets().qt());
            assertTrue(r.targets().isMissing(Target.PR));
            assertTrue(store.targets(1).isMissing(Target.HR));
            float[] v5 = r.lead(Lead.V5); // 11 Hz, 1000 µV
            for (int i = 20; i < 580; i++) {
                assertEquals(1000 * Math.sin(2 * Math.PI * 11 * i / 500.0), v5[i], 30, "sample " + i);
            }
            // the same samples without a header (lead names given) and without a time column
            assertArrayEquals(r.signal(), store.record(1).signal());
        }
    }

    @Test
    void unknownLeadNamesMalformedValuesAndNanAreRejectedPerFile() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("a.csv"), lowRateMv("lead1,lead2,lead3,lead4,lead5,lead6,lead7,lead8,lead9,"
                + "lead10,lead11,lead12", false));
        Files.writeString(in.resolve("b.csv"), lowRateMv("I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6", false)
                .replaceFirst("\n0\\.0,", "\nabc,"));
        Files.writeString(in.resolve("c.csv"), lowRateMv("I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6", false)
                .replaceFirst("\n0\\.0,", "\nNaN,"));
        Files.writeString(in.resolve("d.csv"), lowRateMv(null, false));
        Files.writeString(in.resolve("e.csv"), "I,II\n1,2\n3\n");
        ImportSummary s = Importer.run(new PlainCsvSource(in, null, 100, 1000, null), tmp.resolve("store"),
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 500, 600)), false);
        List<String> reasons = s.rejections().stream().map(r -> r.id() + ": " + r.reason()).toList();
        assertEquals(0, s.imported());
        assertEquals(5, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("a: unknown lead name 'lead1'"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("b: line 2 column 1: 'abc' is not a number"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("c: lead I sample 0 is NaN"), reasons.get(2));
        assertTrue(reasons.get(3).startsWith("d: has no header row naming the leads"), reasons.get(3));
        assertTrue(reasons.get(4).startsWith("e: line 3 has 1 values, expected 2"), reasons.get(4));
    }

    @Test
    void aSourceWithoutTheStoreLeadsIsRejectedAndLengthCanBeRequiredToMatch() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("limb.csv"), "II,III\n1,2\n3,4\n");
        Files.writeString(in.resolve("long.csv"), "I,II\n" + "1,2\n".repeat(700));
        ImportSummary s = Importer.run(new PlainCsvSource(in, null, 500, 1, null), tmp.resolve("store"),
                ImportOptions.of(StoreSpec.of(List.of(Lead.I, Lead.AVF), 500, 600))
                        .withLengthPolicy(LengthPolicy.REJECT), false);
        List<String> reasons = s.rejections().stream().map(r -> r.id() + ": " + r.reason()).toList();
        assertTrue(reasons.get(0).startsWith("limb: lead I is not among the available leads [II, III]"),
                reasons.get(0));
        assertTrue(reasons.get(1).startsWith("long: has 700 samples per lead at 500.0 Hz, the store 600"),
                reasons.get(1));
    }
}
