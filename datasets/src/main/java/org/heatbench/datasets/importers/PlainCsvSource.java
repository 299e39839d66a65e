package org.heatbench.datasets.importers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;

/**
 * Plain delimited text: one file per record, one row per time sample, one column per lead (samples × leads),
 * delimiter ',', ';' or tab (detected). The record id is the file name without {@code .csv}.
 *
 * <p>Lead names come from the header row, or from the {@code leads} argument (which then overrides a header). A
 * header column named {@code time}, {@code t}, {@code sample} or {@code index} is ignored. Every value is multiplied
 * by {@code unitUv} (1 for µV, 1000 for mV).
 *
 * <p>Targets, optional, come from a delimited table with an {@code id} (or {@code patid}) column and columns named
 * by target key or study name ({@code hr}/{@code VentRate}, {@code qt}, ...); other columns are ignored; records
 * without a row get missing targets.
 *
 * <p>Rejected per file, with the reason: unknown lead names, no header and no lead names given, a row with another
 * number of values, a value that is not a number.
 */
public final class PlainCsvSource implements RecordSource {
    private static final Set<String> IGNORED = Set.of("time", "t", "sample", "index", "time_s", "time_ms");

    private final Path input;
    private final List<Lead> leads;
    private final double rateHz;
    private final double unitUv;
    private final Path targetsFile;

    /**
     * @param input       a .csv file or a folder of them (searched recursively)
     * @param leads       the lead of each signal column, or null to read them from the header
     * @param rateHz      the files' sampling rate
     * @param unitUv      µV per unit of the values (1 for µV, 1000 for mV)
     * @param targetsFile a table of targets keyed by id, or null
     */
    public PlainCsvSource(Path input, List<Lead> leads, double rateHz, double unitUv, Path targetsFile) {
        this.input = input;
        this.leads = leads == null ? null : List.copyOf(leads);
        this.rateHz = rateHz;
        this.unitUv = unitUv;
        this.targetsFile = targetsFile;
    }

    @Override
    public String description() {
        return "csv " + input + (targetsFile == null ? "" : " targets " + targetsFile);
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        Map<String, Targets> targets = targetsFile == null ? Map.of() : readTargets(targetsFile);
        for (Path file : DelimitedText.files(input, ".csv", ".tsv", ".txt")) {
            if (targetsFile != null && file.toAbsolutePath().normalize().equals(
                    targetsFile.toAbsolutePath().normalize())) {
                continue;
            }
            String id = DelimitedText.stem(file);
            try {
                sink.accept(new SourceItem.Accepted(read(file, id, targets.getOrDefault(id, Targets.MISSING))));
            } catch (InvalidInputException e) {
                sink.accept(new SourceItem.Rejected(file.toString(), id, e.getMessage()));
            }
        }
    }

    private SourceRecord read(Path file, String id, Targets recordTargets) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read: " + e.getMessage(), e);
        }
        List<String> content = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = DelimitedText.stripBom(lines.get(i));
            if (!l.isBlank()) {
                content.add(l);
                lineNumbers.add(i + 1);
            }
        }
        if (content.isEmpty()) {
            throw new InvalidInputException("is empty");
        }
        char d = DelimitedText.detectDelimiter(content.get(0));
        List<String> first = DelimitedText.split(content.get(0), d);
        boolean header = first.stream().anyMatch(f -> !DelimitedText.isNumber(f));
        List<Integer> columns = new ArrayList<>();
        List<Lead> fileLeads;
        if (header) {
            List<String> names = new ArrayList<>();
            for (int c = 0; c < first.size(); c++) {
                if (!IGNORED.contains(first.get(c).toLowerCase(Locale.ROOT))) {
                    columns.add(c);
                    names.add(first.get(c));
                }
            }
            fileLeads = leads != null ? leads : Lead.parseAll(names);
        } else {
            if (leads == null) {
                throw new InvalidInputException("has no header row naming the leads, and no lead names were given");
            }
            for (int c = 0; c < first.size(); c++) {
                columns.add(c);
            }
            fileLeads = leads;
        }
        if (fileLeads.size() != columns.size()) {
            throw new InvalidInputException("has " + columns.size() + " signal columns but " + fileLeads.size()
                    + " lead names " + Lead.labels(fileLeads));
        }
        int start = header ? 1 : 0;
        int samples = content.size() - start;
        if (samples < 1) {
            throw new InvalidInputException("has no samples");
        }
        float[] signal = new float[fileLeads.size() * samples];
        for (int t = 0; t < samples; t++) {
            List<String> row = DelimitedText.split(content.get(start + t), d);
            if (row.size() != first.size()) {
                throw new InvalidInputException("line " + lineNumbers.get(start + t) + " has " + row.size()
                        + " values, expected " + first.size());
            }
            for (int k = 0; k < columns.size(); k++) {
                String v = row.get(columns.get(k));
                try {
                    signal[k * samples + t] = (float) (Double.parseDouble(v) * unitUv);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("line " + lineNumbers.get(start + t) + " column "
                            + (columns.get(k) + 1) + ": '" + v + "' is not a number");
                }
            }
        }
        return SourceRecord.of(file.toString(), id, fileLeads, samples, signal, rateHz, recordTargets, Fiducials.UNKNOWN);
    }

    private static Map<String, Targets> readTargets(Path file) {
        DelimitedText.Table table = DelimitedText.readTable(file, null);
        int key = table.column("id", "patid", "record", "record_id");
        if (key < 0) {
            throw new InvalidInputException("targets file " + file + " has no 'id' column (header: " + table.header()
                    + ")");
        }
        Map<Integer, Target> columns = new LinkedHashMap<>();
        for (int c = 0; c < table.header().size(); c++) {
            try {
                columns.put(c, Target.parse(table.header().get(c)));
            } catch (InvalidInputException notATarget) {
                // other columns (age, sex, ...) are not targets
            }
        }
        Map<String, Targets> out = new HashMap<>();
        for (List<String> row : table.rows()) {
            if (row.size() <= key) {
                continue;
            }
            Map<String, Object> fields = new HashMap<>();
            columns.forEach((c, target) -> {
                if (c < row.size()) {
                    fields.put(target.studyName(), row.get(c));
                }
            });
            try {
                out.put(row.get(key), new StudyFields(fields).targets());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("targets file " + file + ", id " + row.get(key) + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
