package org.heatbench.datasets.importers.tables;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.heatbench.datasets.Target;

/**
 * A PTB-XL+ feature table ({@code features/12sl_features.csv}, {@code unig_features.csv}; Strodthoff et al. 2023):
 * one row per {@code ecg_id} with global interval measurements in ms. Columns used (the first present wins):
 * <ul>
 *   <li>hr: 60000 / {@code RR_Mean_Global}, else {@code HR_Ventr_Global} or {@code HR__Global} (bpm);</li>
 *   <li>pr: {@code PR_Int_Global}; qrs: {@code QRS_Dur_Global}; qt: {@code QT_Int_Global}.</li>
 * </ul>
 * Joined to records {@code <ecg_id as 5 digits>_lr} and {@code _hr} (PTB-XL's WFDB record names) and to the bare
 * {@code ecg_id}. Empty fields are missing.
 */
public final class PtbXlPlusFeatures implements RecordTable {
    private final Path file;
    private final Map<String, TableEntry> byId = new HashMap<>();

    private PtbXlPlusFeatures(Path file) {
        this.file = file;
    }

    /** Reads a feature table; it must have {@code ecg_id} and at least one of the interval columns. */
    public static PtbXlPlusFeatures read(Path csv) {
        CsvTable t = CsvTable.read(csv);
        PtbXlPlusFeatures f = new PtbXlPlusFeatures(csv);
        int id = t.require("ecg_id");
        int rr = t.optional("RR_Mean_Global");
        int hrCol = t.optional("HR_Ventr_Global") >= 0 ? t.optional("HR_Ventr_Global") : t.optional("HR__Global");
        int pr = t.optional("PR_Int_Global");
        int qrs = t.optional("QRS_Dur_Global");
        int qt = t.optional("QT_Int_Global");
        if (rr < 0 && hrCol < 0 && pr < 0 && qrs < 0 && qt < 0) {
            t.require("QT_Int_Global"); // throws, naming the columns the table has
        }
        for (int i = 0; i < t.rows().size(); i++) {
            String[] row = t.rows().get(i);
            Map<Target, Double> targets = new EnumMap<>(Target.class);
            double hr = rr >= 0 ? 60000 / t.number(row, rr, i) : Double.NaN;
            if (Double.isNaN(hr) && hrCol >= 0) {
                hr = t.number(row, hrCol, i);
            }
            put(targets, Target.HR, hr);
            put(targets, Target.PR, pr >= 0 ? t.number(row, pr, i) : Double.NaN);
            put(targets, Target.QRS, qrs >= 0 ? t.number(row, qrs, i) : Double.NaN);
            put(targets, Target.QT, qt >= 0 ? t.number(row, qt, i) : Double.NaN);
            TableEntry e = new TableEntry(targets, null, 0, Map.of(), null, Map.of());
            long ecgId = (long) t.number(row, id, i);
            f.byId.put(Long.toString(ecgId), e);
            f.byId.put(String.format(Locale.ROOT, "%05d_lr", ecgId), e);
            f.byId.put(String.format(Locale.ROOT, "%05d_hr", ecgId), e);
        }
        return f;
    }

    private static void put(Map<Target, Double> targets, Target t, double v) {
        if (Double.isFinite(v)) {
            targets.put(t, v);
        }
    }

    @Override
    public String description() {
        return "ptbxl+ features " + file;
    }

    @Override
    public Optional<TableEntry> lookup(String recordId) {
        return Optional.ofNullable(byId.get(recordId));
    }
}
