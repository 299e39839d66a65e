package org.heatbench.datasets.importers.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.ImportSummary;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.importers.wfdb.WfdbSource;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label and measurement tables, written by the test in each source's published layout. */
class TablesTest {
    @TempDir
    Path tmp;

    static final String PTBXL = "ecg_id,patient_id,age,sex,report,scp_codes,strat_fold,filename_lr,filename_hr\n"
            + "1,15709.0,56.0,1,\"sinusrhythmus, normales ekg\",\"{'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}\",3,"
            + "records100/00000/00001_lr,records500/00000/00001_hr\n"
            + "2,13243.0,19.0,0,\"sinusbradykardie\nsonst normal\",\"{'NORM': 80.0, 'SBRAD': 0.0}\",9,"
            + "records100/00000/00002_lr,records500/00000/00002_hr\n"
            + "3,20372.0,37.0,1,normal,\"{'IMI': 35.0}\",10,records100/00000/00003_lr,records500/00000/00003_hr\n";

    static final org.heatbench.datasets.importers.RecordSource EMPTY = new org.heatbench.datasets.importers.RecordSource() {
        @Override
        public String description() {
            return "none";
        }

        @Override
        public void forEach(java.util.function.Consumer<org.heatbench.datasets.importers.SourceItem> sink) {
        }
    };

    private static SourceRecord record(String id, int samples, double rate) {
        return new SourceRecord(id + ".hea", new EcgRecord(id, List.of(Lead.I, Lead.II), samples,
                new float[2 * samples], Targets.MISSING, Fiducials.UNKNOWN), rate);
    }

    @Test
    void ptbxlDatabaseGivesLabelsWithLikelihoodsSplitsAndMetadata() throws IOException {
        Path csv = tmp.resolve("ptbxl_database.csv");
        Files.writeString(csv, PTBXL);
        RecordTable t = JoinedSource.open(csv);
        assertInstanceOf(PtbXlDatabase.class, t);
        JoinedSource j = new JoinedSource(EMPTY, List.of(t));
        SourceRecord r1 = j.join(record("00001_lr", 1000, 100));
        assertEquals(Map.of("NORM", 1.0, "LVOLT", 1.0, "SR", 1.0), r1.labels());
        assertEquals(Split.TRAIN, r1.split());
        assertEquals("female", r1.metadata().get("sex"));
        assertEquals("56.0", r1.metadata().get("age"));
        assertEquals("sinusrhythmus, normales ekg", r1.metadata().get("report"));
        SourceRecord r2 = j.join(record("00002_hr", 5000, 500));
        assertEquals(0.8, r2.labels().get("NORM"), 1e-12);
        assertEquals(Split.VAL, r2.split());
        assertEquals("male", r2.metadata().get("sex"));
        assertEquals("sinusbradykardie\nsonst normal", r2.metadata().get("report"));
        SourceRecord r3 = j.join(record("00003_lr", 1000, 100));
        assertEquals(Map.of("IMI", 0.35), r3.labels());
        assertEquals(Split.TEST, r3.split());
        SourceRecord none = j.join(record("99999_lr", 1000, 100));
        assertTrue(none.metadata().get("warnings").contains("no row in ptbxl-database"));
        assertTrue(none.labels().isEmpty());
    }

    @Test
    void mimicMeasurementsGiveHeartRateIntervalsAndFiducials() throws IOException {
        Path dir = tmp.resolve("mimic");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("record_list.csv"), "subject_id,study_id,file_name,ecg_time,path\n"
                + "10000032,40689238,40689238,2180-07-23 08:44:00,files/p1000/p10000032/s40689238/40689238\n");
        Files.writeString(dir.resolve("machine_measurements.csv"), "subject_id,study_id,cart_id,ecg_time,report_0,"
                + "report_1,report_2,bandwidth,filtering,rr_interval,p_onset,p_end,qrs_onset,qrs_end,t_end,p_axis,"
                + "qrs_axis,t_axis\n"
                + "10000032,40689238,6848296,2180-07-23 08:44:00,Sinus rhythm,Possible right atrial abnormality,,"
                + "0.005-150 Hz,60 Hz notch Baseline filter,659,40,128,170,258,518,81,77,79\n"
                + "10000033,40689239,6848296,2180-07-23 08:44:00,Atrial fibrillation,,,0.005-150 Hz,x,800,29999,"
                + "29999,170,258,518,81,77,79\n");
        RecordTable t = JoinedSource.open(dir.resolve("machine_measurements.csv"));
        assertInstanceOf(MimicMeasurements.class, t);
        JoinedSource j = new JoinedSource(EMPTY, List.of(t));
        SourceRecord r = j.join(record("40689238", 5000, 500));
        Targets x = r.record().targets();
        assertEquals(60000.0 / 659, x.hr(), 1e-12);
        assertEquals((170 - 40) * 2.0, x.pr());
        assertEquals((258 - 170) * 2.0, x.qrs());
        assertEquals((518 - 170) * 2.0, x.qt());
        assertEquals(new Fiducials(40, 128, 170, 258, 518, -1), r.record().fiducials());
        assertEquals("Sinus rhythm | Possible right atrial abnormality", r.metadata().get("statements"));
        assertEquals("10000032", r.metadata().get("subject_id"));
        // at 250 Hz the fiducials halve
        assertEquals(85, j.join(record("40689238", 2500, 250)).record().fiducials().qrsOn());
        SourceRecord af = j.join(record("40689239", 5000, 500));
        assertTrue(af.record().targets().isMissing(Target.PR), "29999 = not measured");
        assertEquals(-1, af.record().fiducials().pOn());
        assertEquals(348.0 * 2, af.record().targets().qt());
    }

    @Test
    void ptbxlPlusFeaturesGiveIntervals() throws IOException {
        Path csv = tmp.resolve("12sl_features.csv");
        Files.writeString(csv, "ecg_id,RR_Mean_Global,PR_Int_Global,QRS_Dur_Global,QT_Int_Global,P_Dur_Global\n"
                + "1,952,152,88,396,104\n2,,,,,\n");
        RecordTable t = JoinedSource.open(csv);
        assertInstanceOf(PtbXlPlusFeatures.class, t);
        JoinedSource j = new JoinedSource(EMPTY, List.of(t));
        Targets x = j.join(record("00001_lr", 1000, 100)).record().targets();
        assertEquals(60000.0 / 952, x.hr(), 1e-12);
        assertEquals(152, x.pr());
        assertEquals(88, x.qrs());
        assertEquals(396, x.qt());
        assertTrue(Double.isNaN(j.join(record("00002_hr", 5000, 500)).record().targets().qt()));
    }

    @Test
    void badTablesAreNamed() throws IOException {
        Path other = tmp.resolve("other.csv");
        Files.writeString(other, "a,b\n1,2\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> JoinedSource.open(other)).getMessage()
                .contains("is none of"));
        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "ecg_id,QT_Int_Global\n1,2,3\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> JoinedSource.open(ragged)).getMessage()
                .contains("row 2 has 3 fields"));
        Path text = tmp.resolve("text.csv");
        Files.writeString(text, "ecg_id,QT_Int_Global\n1,long\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> JoinedSource.open(text)).getMessage()
                .contains("'long' is not a number"));
        Path open = tmp.resolve("open.csv");
        Files.writeString(open, "ecg_id,scp_codes\n1,\"{'NORM': 100.0}\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> JoinedSource.open(open)).getMessage()
                .contains("inside a quoted field"));
    }

    @Test
    void ptbxlRecordWithItsLabelsEndsUpInTheStore() throws IOException {
        Path dir = SharedData.real("wfdb/ptbxl");
        Path csv = tmp.resolve("ptbxl_database.csv");
        Files.writeString(csv, PTBXL);
        Path out = tmp.resolve("store");
        ImportSummary s = Importer.run(new JoinedSource(new WfdbSource(dir, WfdbSource.ChecksumPolicy.REJECT),
                List.of(JoinedSource.open(csv))), out, ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 100, 1000)),
                false);
        assertEquals(1, s.imported());
        RecordMetadata m = RecordMetadata.read(out).orElseThrow();
        assertEquals(List.of("LVOLT", "NORM", "SR"), m.labelNames());
        assertArrayEquals(new double[] {1, 1, 1}, m.labels(0));
        assertEquals("female", m.metadata(0).get("sex"));
        try (EcgStore store = EcgStore.open(out)) {
            assertEquals(Split.TRAIN, store.read(0, 1, Lead.STANDARD_12).split(0)); // strat_fold 3, not the hash
        }
        String report = Files.readString(out.resolve("import-report.json"));
        assertTrue(report.contains("\"status\" : \"imported\""), report);
    }
}
