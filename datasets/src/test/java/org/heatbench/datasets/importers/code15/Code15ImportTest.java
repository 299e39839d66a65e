package org.heatbench.datasets.importers.code15;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.ImportSummary;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small CODE-15%-layout HDF5 file and exams.csv written by the test with jhdf. */
class Code15ImportTest {
    @TempDir
    Path tmp;

    /** Exam 11: 10.24 s; exam 22: 7.3 s zero-padded to 4096 at both ends (581 + 2934 + 581); row 3: padding row. */
    private Path write() throws IOException {
        float[][][] x = new float[3][4096][12];
        for (int s = 0; s < 4096; s++) {
            for (int k = 0; k < 12; k++) {
                x[0][s][k] = 0.001f * (k + 1) + 0.1f * (float) Math.sin(s / 50.0);
            }
        }
        for (int s = 581; s < 581 + 2934; s++) {
            for (int k = 0; k < 12; k++) {
                x[1][s][k] = 0.5f + k;
            }
        }
        Path h5 = tmp.resolve("exams_part0.hdf5");
        try (WritableHdfFile w = HdfFile.write(h5)) {
            w.putDataset("tracings", x);
            w.putDataset("exam_id", new long[] {11, 22, 0});
        }
        Files.writeString(tmp.resolve("exams.csv"), "exam_id,age,is_male,nn_predicted_age,1dAVb,RBBB,LBBB,SB,ST,AF,"
                + "patient_id,death,timey,normal_ecg,trace_file\n"
                + "11,46,True,38.7,True,False,False,False,False,False,185323,,,False,exams_part0.hdf5\n"
                + "22,54,False,44.2,False,False,False,False,False,False,1295924,False,3.8,True,exams_part0.hdf5\n");
        return h5;
    }

    @Test
    void readsTracingsTrimsPaddingAndJoinsLabels() throws IOException {
        Path h5 = write();
        List<SourceItem> items = new ArrayList<>();
        new Code15Source(h5, null, true, 1000).forEach(items::add);
        assertEquals(3, items.size());
        SourceRecord a = assertInstanceOf(SourceItem.Accepted.class, items.get(0)).record();
        assertEquals("11", a.record().id());
        assertEquals(4096, a.record().samples());
        assertEquals(400, a.rateHz());
        assertEquals(Lead.STANDARD_12, a.record().leads());
        assertEquals((0.001f * 5 + 0.1f * (float) Math.sin(7 / 50.0)) * 1000, a.record().lead(Lead.AVL)[7], 1e-3);
        assertEquals(1.0, a.labels().get("1dAVb"));
        assertEquals(0.0, a.labels().get("normal_ecg"));
        assertEquals("male", a.metadata().get("sex"));
        SourceRecord b = assertInstanceOf(SourceItem.Accepted.class, items.get(1)).record();
        assertEquals(2934, b.record().samples());
        assertEquals(500, b.record().lead(Lead.I)[0], 1e-3);
        assertEquals(11500, b.record().lead(Lead.V6)[2933], 1e-3);
        assertEquals(Map.of("1dAVb", 0.0, "RBBB", 0.0, "LBBB", 0.0, "SB", 0.0, "ST", 0.0, "AF", 0.0,
                "normal_ecg", 1.0), b.labels());
        SourceItem.Rejected pad = assertInstanceOf(SourceItem.Rejected.class, items.get(2));
        assertTrue(pad.reason().contains("padding row"), pad.reason());

        List<SourceItem> kept = new ArrayList<>();
        new Code15Source(h5, null, false, 1000).forEach(kept::add);
        assertEquals(4096, ((SourceItem.Accepted) kept.get(1)).record().record().samples());
    }

    @Test
    void importsIntoARhythmStoreWithLabels() throws IOException {
        Path h5 = write();
        Path out = tmp.resolve("store");
        ImportSummary s = Importer.run(new Code15Source(h5, null, true, 1000), out,
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 400, 4096)), false);
        assertEquals(2, s.imported());
        assertEquals(1, s.padded());
        assertEquals(1, s.rejected());
        RecordMetadata m = RecordMetadata.read(out).orElseThrow();
        assertEquals(List.of("1dAVb", "AF", "LBBB", "RBBB", "SB", "ST", "normal_ecg"), m.labelNames());
    }

    @Test
    void wrongShapesAndTruncatedFilesAreRejectedWithTheFile() throws IOException {
        Path bad = tmp.resolve("bad.hdf5");
        try (WritableHdfFile w = HdfFile.write(bad)) {
            w.putDataset("tracings", new float[2][100][8]);
            w.putDataset("exam_id", new long[] {1, 2});
        }
        List<SourceItem> items = new ArrayList<>();
        new Code15Source(bad, null, true, 1000).forEach(items::add);
        SourceItem.Rejected r = assertInstanceOf(SourceItem.Rejected.class, items.get(0));
        assertTrue(r.reason().contains("expected [N, samples, 12]") && r.source().endsWith("bad.hdf5"), r.reason());
        Path good = write();
        byte[] all = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.hdf5");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        items.clear();
        new Code15Source(cut, null, true, 1000).forEach(items::add);
        assertEquals(1, items.size());
        assertInstanceOf(SourceItem.Rejected.class, items.get(0));
    }
}
