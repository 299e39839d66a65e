package org.heatbench.results.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers that read a report page and the run's CSV files independently of the code under test. */
final class HtmlTables {
    private static final Pattern TAG = Pattern.compile("<(td|tr|table)\\b([^>]*)>");
    private static final Pattern ATTR = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

    private HtmlTables() {
    }

    /** Every td/tr/table start tag's attributes (unescaped), with the enclosing table's attributes merged in. */
    static List<Map<String, String>> cells(String html) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> table = Map.of();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            Map<String, String> a = attrs(m.group(2));
            if (m.group(1).equals("table")) {
                table = a;
                continue;
            }
            Map<String, String> merged = new LinkedHashMap<>();
            table.forEach((k, v) -> merged.put("table-" + k, v));
            merged.putAll(a);
            merged.put("tag", m.group(1));
            out.add(merged);
        }
        return out;
    }

    static Map<String, String> attrs(String s) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            a.put(m.group(1), unescape(m.group(2)));
        }
        return a;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** A CSV file as rows of header → field (quote-aware; written here, not the report's reader). */
    static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> f = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), f.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (q && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else {
                    q = !q;
                }
            } else if (c == ',' && !q) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
