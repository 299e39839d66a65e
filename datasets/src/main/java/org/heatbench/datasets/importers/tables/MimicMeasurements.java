package org.heatbench.datasets.importers.tables;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.heatbench.datasets.Target;

/**
 * MIMIC-IV-ECG's {@code machine_measurements.csv} (optionally with {@code record_list.csv}), keyed by
 * {@code study_id}, which is the WFDB record name of each ECG. Columns used:
 * <ul>
 *   <li>{@code rr_interval} (ms) → hr = 60000 / rr;</li>
 *   <li>{@code p_onset}, {@code p_end}, {@code qrs_onset}, {@code qrs_end}, {@code t_end} → fiducials, read as
 *       samples of the 500 Hz record (as {@code ../shared/data/real/MANIFEST.md} describes them), and
 *       pr = (qrs_onset − p_onset), qrs = (qrs_end − qrs_onset), qt = (t_end − qrs_onset), each × 2 ms;</li>
 *   <li>{@code report_0} … {@code report_17} → metadata {@code statements} (non-empty ones joined by " | ");</li>
 *   <li>record_list's {@code subject_id}, {@code ecg_time} → metadata.</li>
 * </ul>
 * MIMIC writes 29999 for a measurement the machine did not make: it is read as missing, as is an empty field.
 */
public final class MimicMeasurements implements RecordTable {
    /** The sampling rate MIMIC-IV-ECG's fiducial columns count in. */
    public static final double RATE_HZ = 500;
    /** MIMIC-IV-ECG's "not measured" value. */
    public static final double NOT_MEASURED = 29999;

    private final Path file;
    private final Map<String, TableEntry> byId = new HashMap<>();

    private MimicMeasurements(Path file) {
        this.file = file;
    }

    /**
     * @param measurements {@code machine_measurements.csv}
     * @param recordList   {@code record_list.csv}, or null
     */
    public static MimicMeasurements read(Path measurements, Path recordList) {
        MimicMeasurements mm = new MimicMeasurements(measurements);
        Map<String, Map<String, String>> listMeta = new HashMap<>();
        if (recordList != null) {
            CsvTable rl = CsvTable.read(recordList);
            int study = rl.require("study_id");
            int subject = rl.optional("subject_id");
            int time = rl.optional("ecg_time");
            for (String[] row : rl.rows()) {
                Map<String, String> m = new LinkedHashMap<>();
                if (subject >= 0) {
                    m.put("subject_id", row[subject].strip());
                }
                if (time >= 0) {
                    m.put("ecg_time", row[time].strip());
                }
                listMeta.put(row[study].strip(), m);
            }
        }
        CsvTable t = CsvTable.read(measurements);
        int study = t.require("study_id");
        int rr = t.require("rr_interval");
        int[] fidCols = {t.require("p_onset"), t.require("p_end"), t.require("qrs_onset"), t.require("qrs_end"),
            t.require("t_end")};
        for (int i = 0; i < t.rows().size(); i++) {
            String[] row = t.rows().get(i);
            int[] fid = {-1, -1, -1, -1, -1, -1};
            for (int k = 0; k < fidCols.length; k++) {
                double v = measured(t.number(row, fidCols[k], i));
                fid[k] = Double.isNaN(v) || v < 0 ? -1 : (int) Math.round(v);
            }
            Map<Target, Double> targets = new EnumMap<>(Target.class);
            double r = measured(t.number(row, rr, i));
            if (r > 0) {
                targets.put(Target.HR, 60000 / r);
            }
            double ms = 1000 / RATE_HZ;
            interval(targets, Target.PR, fid[0], fid[2], ms);
            interval(targets, Target.QRS, fid[2], fid[3], ms);
            interval(targets, Target.QT, fid[2], fid[4], ms);
            Map<String, String> meta = new LinkedHashMap<>(listMeta.getOrDefault(row[study].strip(), Map.of()));
            StringBuilder statements = new StringBuilder();
            for (int k = 0; k < 18; k++) {
                int c = t.optional("report_" + k);
                if (c >= 0 && !row[c].isBlank()) {
                    statements.append(statements.length() == 0 ? "" : " | ").append(row[c].strip());
                }
            }
            if (statements.length() > 0) {
                meta.put("statements", statements.toString());
            }
            mm.byId.put(row[study].strip(), new TableEntry(targets, fid, RATE_HZ, Map.of(), null, meta));
        }
        return mm;
    }

    private static double measured(double v) {
        return v == NOT_MEASURED ? Double.NaN : v;
    }

    private static void interval(Map<Target, Double> targets, Target t, int from, int to, double msPerSample) {
        if (from >= 0 && to >= from) {
            targets.put(t, (to - from) * msPerSample);
        }
    }

    @Override
    public String description() {
        return "mimic-iv-ecg machine_measurements " + file;
    }

    @Override
    public Optional<TableEntry> lookup(String recordId) {
        return Optional.ofNullable(byId.get(recordId));
    }
}
