package org.heatbench.results.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;

/**
 * Reads the CSV files of a run (RFC 4180: comma-separated, fields with commas or quotes quoted, quotes doubled; the
 * first line is the header). Numbers follow the results format: Java's shortest round-trip form, NaN an empty
 * field. Stateless, thread-safe.
 */
final class Csv {
    private Csv() {
    }

    /**
     * Reads a file into rows keyed by header name, in file order.
     *
     * @throws InvalidInputException naming the file and line when a row has another number of fields than the
     *     header, or the file cannot be read
     */
    static List<Map<String, String>> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<List<String>> lines = parse(text);
        if (lines.isEmpty()) {
            throw new InvalidInputException(file + " is empty (no header line)");
        }
        List<String> header = lines.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = lines.get(i);
            if (f.size() == 1 && f.get(0).isEmpty()) {
                continue;
            }
            if (f.size() != header.size()) {
                throw new InvalidInputException(file + " line " + (i + 1) + " has " + f.size() + " fields, the header "
                        + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), f.get(c));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    /** Splits CSV text into records of fields (quoted fields may contain commas, quotes and line breaks). */
    static List<List<String>> parse(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(cur.toString());
                cur.setLength(0);
                out.add(List.copyOf(fields));
                fields.clear();
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any) {
            fields.add(cur.toString());
            out.add(List.copyOf(fields));
        }
        return out;
    }

    /** @return the field as a double; NaN when empty */
    static double num(Map<String, String> row, String column) {
        String s = row.get(column);
        if (s == null || s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("column " + column + " holds '" + s + "', not a number");
        }
    }

    /** @return the field as an int; {@code dflt} when empty */
    static int integer(Map<String, String> row, String column, int dflt) {
        double v = num(row, column);
        return Double.isNaN(v) ? dflt : (int) v;
    }

    /** @return the field, empty when absent */
    static String str(Map<String, String> row, String column) {
        String s = row.get(column);
        return s == null ? "" : s;
    }
}
