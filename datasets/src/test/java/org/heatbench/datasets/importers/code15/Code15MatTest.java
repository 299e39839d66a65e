package org.heatbench.datasets.importers.code15;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.importers.tables.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ten real CODE-15% .mat samples in ../shared, checked against the per-lead statistics in their meta.csv. */
class Code15MatTest {
    @TempDir
    Path tmp;

    @Test
    void matSamplesMatchTheirMetaStatisticsAndLabels() {
        Path dir = SharedData.real("code15_samples");
        CsvTable meta = CsvTable.read(dir.resolve("meta.csv"));
        Map<String, String[]> rows = new HashMap<>();
        for (String[] r : meta.rows()) {
            rows.put(r[meta.require("exam_id")], r);
        }
        List<SourceItem> items = new ArrayList<>();
        new Code15Source(dir.resolve("org"), dir.resolve("meta.csv"), true, 1000).forEach(items::add);
        assertEquals(10, items.size());
        for (SourceItem item : items) {
            SourceRecord sr = assertInstanceOf(SourceItem.Accepted.class, item, item::toString).record();
            String[] row = rows.get(sr.record().id());
            assertEquals(Integer.parseInt(row[meta.require("sample_size")]), sr.record().samples());
            assertEquals(400, sr.rateHz());
            float[] x = sr.record().signal();
            int n = sr.record().samples();
            for (int k = 0; k < 12; k++) {
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    sum += x[k * n + t] / 1000.0;
                }
                double mean = sum / n;
                double ss = 0;
                for (int t = 0; t < n; t++) {
                    ss += Math.pow(x[k * n + t] / 1000.0 - mean, 2);
                }
                double expectedMean = Double.parseDouble(row[meta.require("mean_" + k)]);
                double expectedSd = Double.parseDouble(row[meta.require("std_" + k)]);
                assertEquals(expectedMean, mean, 1e-5 + 1e-4 * Math.abs(expectedMean), "mean lead " + k);
                assertEquals(expectedSd, Math.sqrt(ss / n), 1e-4 * expectedSd + 1e-6, "sd lead " + k);
            }
            String af = row[meta.require("AF")];
            assertEquals(af.equals("True") ? 1.0 : 0.0, sr.labels().get("AF"));
        }
    }

    @Test
    void aForeignMatFileIsRejected() throws IOException {
        Path f = tmp.resolve("code_15_1.mat");
        Files.writeString(f, "MATLAB 5.0 MAT-file, but not really");
        List<SourceItem> items = new ArrayList<>();
        new Code15Source(f, null, true, 1000).forEach(items::add);
        SourceItem.Rejected r = assertInstanceOf(SourceItem.Rejected.class, items.get(0));
        assertEquals("1", r.id());
        assertTrue(r.reason().contains("MAT"), r.reason());
    }
}
