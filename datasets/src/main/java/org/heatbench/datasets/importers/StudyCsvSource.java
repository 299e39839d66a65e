package org.heatbench.datasets.importers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;

/**
 * The reference study's raw MUSE CSV layout: a folder of per-ECG CSV files ({@code {patid}.csv}) and a
 * semicolon-separated ground-truth CSV keyed by {@code patid}.
 *
 * <p>In an ECG file the median block starts on the line after the one containing {@code 12 lead medians}; each
 * block line holds 12 comma-separated numbers (a trailing comma is allowed) — one time sample, leads I, II, III, aVR,
 * aVL, aVF, V1–V6. The block ends at the first blank or non-numeric line. Unlike the study's code, a block line with
 * another number of values rejects the record (naming the line) instead of being skipped.
 *
 * <p>Targets come from the ground-truth row with the same patid (study column names, see {@link StudyFields}); an
 * ECG without a row is imported with all targets missing (and counted). Ground-truth rows without an ECG file, and
 * patids listed twice, are reported as rejections.
 */
public final class StudyCsvSource implements RecordSource {
    private static final String MARKER = "12 lead medians";

    private final Path input;
    private final Path groundTruth;
    private final double rateHz;
    private final double scaleUv;

    /**
     * @param input       folder of per-ECG CSV files (searched recursively), or one file
     * @param groundTruth the semicolon-separated ground-truth CSV with a {@code patid} column, or null for none
     * @param rateHz      sampling rate of the medians (MUSE: 500)
     * @param scaleUv     µV per unit in the files (MUSE: 1)
     */
    public StudyCsvSource(Path input, Path groundTruth, double rateHz, double scaleUv) {
        this.input = input;
        this.groundTruth = groundTruth;
        this.rateHz = rateHz;
        this.scaleUv = scaleUv;
    }

    @Override
    public String description() {
        return "study-csv " + input + (groundTruth == null ? "" : " ground truth " + groundTruth);
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        Map<String, Map<String, String>> truth = new TreeMap<>();
        Set<String> repeated = new HashSet<>();
        if (groundTruth != null) {
            DelimitedText.Table table = DelimitedText.readTable(groundTruth, ';');
            int key = table.column("patid");
            if (key < 0) {
                throw new InvalidInputException("ground-truth file " + groundTruth + " has no 'patid' column (header: "
                        + table.header() + ")");
            }
            for (List<String> row : table.rows()) {
                if (row.size() <= key || row.get(key).isEmpty()) {
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int c = 0; c < Math.min(row.size(), table.header().size()); c++) {
                    fields.put(table.header().get(c), row.get(c));
                }
                if (truth.put(row.get(key), fields) != null) {
                    repeated.add(row.get(key));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (Path file : DelimitedText.files(input, ".csv")) {
            if (groundTruth != null && file.toAbsolutePath().normalize().equals(
                    groundTruth.toAbsolutePath().normalize())) {
                continue;
            }
            String id = DelimitedText.stem(file);
            seen.add(id);
            if (repeated.contains(id)) {
                sink.accept(new SourceItem.Rejected(file.toString(), id, "the ground truth lists patid " + id
                        + " more than once"));
                continue;
            }
            try {
                Map<String, String> row = truth.get(id);
                StudyFields fields = new StudyFields(row == null ? Map.of() : row);
                Targets targets = fields.targets();
                Fiducials fiducials = fields.fiducials();
                sink.accept(new SourceItem.Accepted(readMedian(file, id, targets, fiducials)));
            } catch (InvalidInputException e) {
                sink.accept(new SourceItem.Rejected(file.toString(), id, e.getMessage()));
            }
        }
        for (String patid : truth.keySet()) {
            if (!seen.contains(patid)) {
                sink.accept(new SourceItem.Rejected(String.valueOf(groundTruth), patid,
                        "ground-truth row has no ECG file " + patid + ".csv"));
            }
        }
    }

    private SourceRecord readMedian(Path file, String id, Targets targets, Fiducials fiducials) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read: " + e.getMessage(), e);
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).contains(MARKER)) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            throw new InvalidInputException("has no line containing '" + MARKER + "'");
        }
        int end = start;
        while (end < lines.size()) {
            List<String> f = DelimitedText.split(lines.get(end), ',');
            if (lines.get(end).isBlank() || !DelimitedText.isNumber(f.get(0))) {
                break;
            }
            end++;
        }
        int samples = end - start;
        if (samples == 0) {
            throw new InvalidInputException("the '" + MARKER + "' block is empty");
        }
        float[] signal = new float[12 * samples];
        for (int t = 0; t < samples; t++) {
            List<String> f = DelimitedText.split(lines.get(start + t), ',');
            if (f.get(f.size() - 1).isEmpty()) {
                f = f.subList(0, f.size() - 1);
            }
            if (f.size() != 12) {
                throw new InvalidInputException("line " + (start + t + 1) + " of the median block has " + f.size()
                        + " values, expected 12");
            }
            for (int k = 0; k < 12; k++) {
                try {
                    signal[k * samples + t] = (float) (Double.parseDouble(f.get(k)) * scaleUv);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("line " + (start + t + 1) + " value " + (k + 1) + " '" + f.get(k)
                            + "' is not a number");
                }
            }
        }
        return SourceRecord.of(file.toString(), id, Lead.STANDARD_12, samples, signal, rateHz, targets, fiducials);
    }
}
