package org.heatbench.datasets.importers.tables;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Split;

/**
 * PTB-XL's {@code ptbxl_database.csv} (Wagner et al. 2020), one row per ECG. Columns used:
 * <ul>
 *   <li>{@code ecg_id}; {@code filename_lr} / {@code filename_hr} ({@code records100/00000/00001_lr}): the record
 *       ids joined are the file stems {@code 00001_lr} and {@code 00001_hr} (and the bare {@code ecg_id});</li>
 *   <li>{@code scp_codes}: a Python dict literal {@code {'NORM': 100.0, 'SR': 0.0}} → one label per SCP code with
 *       likelihood / 100; PTB-XL writes 0 where the likelihood is not stated (rhythm statements), so a listed code
 *       with likelihood 0 becomes 1 (present);</li>
 *   <li>{@code strat_fold} 1–10 → the benchmark's recommended splits: folds 1–8 train, 9 val, 10 test;</li>
 *   <li>{@code age}, {@code sex} (0 = male, 1 = female, kept as {@code male}/{@code female}), {@code report} →
 *       metadata.</li>
 * </ul>
 * Targets and fiducials: none (PTB-XL has no interval measurements; see {@link PtbXlPlusFeatures}).
 */
public final class PtbXlDatabase implements RecordTable {
    private static final Pattern CODE = Pattern.compile("'([^']+)'\\s*:\\s*([-+0-9.eE]+)");

    private final Path file;
    private final Map<String, TableEntry> byId = new HashMap<>();

    private PtbXlDatabase(Path file) {
        this.file = file;
    }

    /** Reads the table; a malformed row is an error naming row and column. */
    public static PtbXlDatabase read(Path csv) {
        CsvTable t = CsvTable.read(csv);
        PtbXlDatabase db = new PtbXlDatabase(csv);
        int id = t.require("ecg_id");
        int scp = t.require("scp_codes");
        int fold = t.optional("strat_fold");
        int lr = t.optional("filename_lr");
        int hr = t.optional("filename_hr");
        int age = t.optional("age");
        int sex = t.optional("sex");
        int report = t.optional("report");
        for (int i = 0; i < t.rows().size(); i++) {
            String[] row = t.rows().get(i);
            Map<String, Double> labels = new LinkedHashMap<>();
            Matcher m = CODE.matcher(row[scp]);
            while (m.find()) {
                double likelihood;
                try {
                    likelihood = Double.parseDouble(m.group(2));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("table " + csv.getFileName() + " row " + (i + 2)
                            + " scp_codes: likelihood '" + m.group(2) + "' is not a number");
                }
                if (likelihood < 0 || likelihood > 100) {
                    throw new InvalidInputException("table " + csv.getFileName() + " row " + (i + 2)
                            + " scp_codes: likelihood " + likelihood + " of " + m.group(1) + " is outside 0-100");
                }
                labels.put(m.group(1), likelihood == 0 ? 1.0 : likelihood / 100);
            }
            Split split = null;
            if (fold >= 0) {
                double f = t.number(row, fold, i);
                split = Double.isNaN(f) ? null : f <= 8 ? Split.TRAIN : f == 9 ? Split.VAL : Split.TEST;
            }
            Map<String, String> meta = new LinkedHashMap<>();
            if (age >= 0 && !row[age].isBlank()) {
                meta.put("age", row[age].strip());
            }
            if (sex >= 0 && !row[sex].isBlank()) {
                String s = row[sex].strip();
                meta.put("sex", s.equals("0") || s.equals("0.0") ? "male" : s.equals("1") || s.equals("1.0")
                        ? "female" : s);
            }
            if (report >= 0 && !row[report].isBlank()) {
                meta.put("report", row[report].strip());
            }
            TableEntry e = new TableEntry(Map.of(), null, 0, labels, split, meta);
            String ecgId = row[id].strip();
            db.byId.put(ecgId, e);
            for (int c : new int[] {lr, hr}) {
                if (c >= 0 && !row[c].isBlank()) {
                    String p = row[c].strip();
                    db.byId.put(p.substring(p.lastIndexOf('/') + 1), e);
                }
            }
        }
        return db;
    }

    @Override
    public String description() {
        return "ptbxl-database " + file;
    }

    @Override
    public Optional<TableEntry> lookup(String recordId) {
        return Optional.ofNullable(byId.get(recordId));
    }
}
