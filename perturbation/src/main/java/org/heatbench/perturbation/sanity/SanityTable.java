package org.heatbench.perturbation.sanity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;

/**
 * {@code sanity.csv}: header {@code method,check,statistic,value,verdict}, one row per {@link SanityRow}; numbers in
 * Java's shortest round-trip form, NaN as an empty field, method specs quoted (they contain commas). Also the console
 * summary. Stateless.
 */
public final class SanityTable {
    /** The file name inside a results folder. */
    public static final String FILE = "sanity.csv";
    private static final String HEADER = "method,check,statistic,value,verdict";

    private SanityTable() {
    }

    /** Writes the rows (to a temporary name, renamed into place). */
    public static void write(Path file, List<SanityRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (SanityRow r : rows) {
            sb.append(quote(r.method())).append(',').append(r.check()).append(',').append(quote(r.statistic()))
                    .append(',').append(Double.isNaN(r.value()) ? "" : Double.toString(r.value())).append(',')
                    .append(r.verdict().label()).append('\n');
        }
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws InvalidInputException naming the file and line if it is not one
     */
    public static List<SanityRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new InvalidInputException(file + " is not a sanity.csv (header must be '" + HEADER + "')");
        }
        List<SanityRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = split(lines.get(i));
            try {
                if (f.size() != 5) {
                    throw new IllegalArgumentException(f.size() + " fields");
                }
                rows.add(new SanityRow(f.get(0), f.get(1), f.get(2), f.get(3).isEmpty() ? Double.NaN
                        : Double.parseDouble(f.get(3)), Verdict.parse(f.get(4))));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": not a sanity row (" + e.getMessage()
                        + ")");
            }
        }
        return rows;
    }

    /** The worst verdict per method (info rows ignored), in first-appearance order. */
    public static Map<String, Verdict> verdicts(List<SanityRow> rows) {
        Map<String, Verdict> out = new LinkedHashMap<>();
        for (SanityRow r : rows) {
            out.putIfAbsent(r.method(), Verdict.PASS);
            if (r.verdict() != Verdict.INFO && r.verdict().ordinal() > out.get(r.method()).ordinal()) {
                out.put(r.method(), r.verdict());
            }
        }
        return out;
    }

    /** The console table: the verdict rows (info rows are in the file), one per line. */
    public static String format(List<SanityRow> rows) {
        int w = 6;
        for (SanityRow r : rows) {
            w = Math.max(w, r.method().length());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s  %-25s  %-36s  %9s  %s%n",
                "method", "check", "statistic", "value", "verdict"));
        for (SanityRow r : rows) {
            if (r.verdict() != Verdict.INFO) {
                sb.append(String.format(Locale.ROOT, "%-" + w + "s  %-25s  %-36s  %9.4f  %s%n", r.method(), r.check(),
                        r.statistic(), r.value(), r.verdict().label().toUpperCase(Locale.ROOT)));
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    q = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                q = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
