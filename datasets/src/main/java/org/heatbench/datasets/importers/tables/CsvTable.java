package org.heatbench.datasets.importers.tables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.InvalidInputException;

/**
 * A comma-separated table with a header row, RFC 4180 quoting (fields in double quotes may hold commas, line breaks
 * and doubled quotes — PTB-XL's {@code scp_codes} and reports need it). Immutable.
 *
 * @param file   where it came from, for messages
 * @param header column names as written
 * @param rows   the data rows (each as long as the header)
 */
public record CsvTable(Path file, List<String> header, List<String[]> rows) {

    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** Reads a whole table. */
    public static CsvTable read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read table " + file + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = parse(text, file);
        if (records.isEmpty()) {
            throw new InvalidInputException("table " + file + " is empty");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != header.size()) {
                throw new InvalidInputException("table " + file + " row " + (i + 1) + " has " + r.size()
                        + " fields, the header " + header.size());
            }
            rows.add(r.toArray(String[]::new));
        }
        return new CsvTable(file, header, rows);
    }

    private static List<List<String>> parse(String s, Path file) {
        List<List<String>> out = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(f.toString());
                f.setLength(0);
                out.add(row);
                row = new ArrayList<>();
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInputException("table " + file + " ends inside a quoted field");
        }
        if (f.length() > 0 || !row.isEmpty()) {
            row.add(f.toString());
            out.add(row);
        }
        return out;
    }

    /** @return column index by lower-case name */
    public Map<String, Integer> columns() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            m.putIfAbsent(header.get(i).toLowerCase(Locale.ROOT), i);
        }
        return m;
    }

    /** @return the index of a required column (case-insensitive) */
    public int require(String name) {
        Integer i = columns().get(name.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new InvalidInputException("table " + file + " has no column '" + name + "' (has " + header + ")");
        }
        return i;
    }

    /** @return the index of an optional column, or -1 */
    public int optional(String name) {
        return columns().getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    /** @return a number or NaN for an empty field; throws naming the row and column for anything else */
    public double number(String[] row, int column, int rowIndex) {
        String v = row[column].strip();
        if (v.isEmpty() || v.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("table " + file.getFileName() + " row " + (rowIndex + 2) + " column "
                    + header.get(column) + ": '" + v + "' is not a number");
        }
    }
}
