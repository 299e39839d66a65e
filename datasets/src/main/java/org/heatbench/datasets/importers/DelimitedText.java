package org.heatbench.datasets.importers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.heatbench.core.InvalidInputException;

/** Small helpers for the delimited-text inputs (CSV with ',', ';' or tab). */
final class DelimitedText {

    /** A table read with a header row. */
    record Table(List<String> header, List<List<String>> rows) {
        /** @return the index of the first header matching one of the names (case-insensitive), or -1 */
        int column(String... names) {
            for (int i = 0; i < header.size(); i++) {
                for (String n : names) {
                    if (header.get(i).trim().equalsIgnoreCase(n)) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    private DelimitedText() {
    }

    /** @return the most frequent of ',', ';' and tab in the line (',' on a tie or none) */
    static char detectDelimiter(String line) {
        long commas = line.chars().filter(c -> c == ',').count();
        long semis = line.chars().filter(c -> c == ';').count();
        long tabs = line.chars().filter(c -> c == '\t').count();
        if (semis > commas && semis >= tabs) {
            return ';';
        }
        return tabs > commas ? '\t' : ',';
    }

    /** Splits on the delimiter, trimming fields and surrounding double quotes (no embedded delimiters). */
    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                String f = line.substring(start, i).trim();
                if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                    f = f.substring(1, f.length() - 1).trim();
                }
                out.add(f);
                start = i + 1;
            }
        }
        return out;
    }

    /** Reads a whole delimited file whose first non-blank line is a header; blank lines are skipped. */
    static Table readTable(Path file, Character delimiter) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> content = lines.stream().map(DelimitedText::stripBom).filter(l -> !l.isBlank()).toList();
        if (content.isEmpty()) {
            throw new InvalidInputException(file + " is empty");
        }
        char d = delimiter != null ? delimiter : detectDelimiter(content.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (String l : content.subList(1, content.size())) {
            rows.add(split(l, d));
        }
        return new Table(split(content.get(0), d), rows);
    }

    static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** @return true when the field parses as a number (incl. NaN / Infinity spellings) */
    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @return see {@link InputFiles#list} */
    static List<Path> files(Path input, String... extensions) {
        return InputFiles.list(input, extensions);
    }

    /** @return see {@link InputFiles#stem} */
    static String stem(Path file) {
        return InputFiles.stem(file);
    }
}
