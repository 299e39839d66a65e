package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report's tables against the run's own summary files: every number shown comes from the CSVs (the expected
 * values are read from the files the fixture run wrote, never typed in). The report is written to
 * {@code target/fixture-run/report/} so that the browser test can open it afterwards.
 */
class ReportGoldenTest {
    static Path run;
    static ReportGenerator.Report report;
    static String html;

    @BeforeAll
    static void generate() throws IOException {
        run = Path.of("target", "fixture-run");
        if (Files.exists(run)) {
            try (var s = Files.walk(run)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        RunFixtures.write(run);
        report = ReportGenerator.generate(run, run.resolve("report"));
        html = Files.readString(report.index(), StandardCharsets.UTF_8);
    }

    @Test
    void completeRunHasNoWarningsAndNoBanner() {
        assertEquals(List.of(), report.warnings());
        assertFalse(html.contains("id=\"warnings\""));
    }

    @Test
    void scoreCellsEqualSummaryCsv() throws IOException {
        List<Map<String, String>> cells = HtmlTables.cells(html);
        int checked = 0;
        for (String target : List.of("qt", "qrs")) {
            for (Map<String, String> row : HtmlTables.csv(run.resolve("summary").resolve(target).resolve("summary.csv"))) {
                if (row.get("mean").isEmpty()) {
                    continue;
                }
                Map<String, String> cell = cells.stream().filter(c -> target.equals(c.get("table-data-target"))
                        && row.get("curve").equals(c.get("table-data-curve"))
                        && row.get("participant").equals(c.get("data-participant"))
                        && row.get("score").equals(c.get("data-score"))).findFirst().orElse(null);
                assertNotNull(cell, "summary row shown: " + row);
                assertEquals(Double.parseDouble(row.get("mean")), Double.parseDouble(cell.get("data-mean")), 0.0);
                assertEquals(Double.parseDouble(row.get("ci_low")), Double.parseDouble(cell.get("data-ci-low")), 0.0);
                assertEquals(Double.parseDouble(row.get("ci_high")), Double.parseDouble(cell.get("data-ci-high")), 0.0);
                assertEquals(Integer.parseInt(row.get("n")), Integer.parseInt(cell.get("data-n")));
                checked++;
            }
        }
        assertTrue(checked > 100, "checked " + checked);
        long shown = cells.stream().filter(c -> c.containsKey("data-mean") && c.containsKey("data-score")).count();
        assertEquals(checked, shown, "no score cell that is not in a summary.csv");
    }

    @Test
    void rankPositionsAndMeanRanksEqualSummaryCsv() throws IOException {
        String table = section(html, "<table class=\"scores\" data-target=\"qt\" data-curve=\"error\"");
        List<Map<String, String>> rows = HtmlTables.csv(run.resolve("summary/qt/summary.csv"));
        Matcher m = Pattern.compile("<th class=\"method\" title=\"([^\"]*)\">.*?data-mean-rank=\"([^\"]*)\">.*?"
                + "data-position=\"(\\d+)\"").matcher(table);
        int n = 0;
        while (m.find()) {
            String who = HtmlTables.unescape(m.group(1));
            Map<String, String> row = rows.stream().filter(r -> r.get("participant").equals(who)
                    && r.get("curve").equals("error") && r.get("score").equals("auc_25")).findFirst().orElseThrow();
            assertEquals(Double.parseDouble(row.get("mean_rank")), Double.parseDouble(m.group(2)), 0.0);
            assertEquals(row.get("position"), m.group(3));
            n++;
        }
        assertEquals(RunFixtures.METHODS.size(), n);
    }

    @Test
    void rankMatrixFollowsRankingsAndPairwiseCsv() throws IOException {
        String matrix = section(html, "<table class=\"rank-matrix\"");
        for (String target : List.of("qt", "qrs")) {
            List<Map<String, String>> ranking = HtmlTables.csv(run.resolve("summary/" + target + "/rankings.csv"))
                    .stream().filter(r -> r.get("curve").equals("error") && r.get("score").equals("auc_25")).toList();
            assertEquals(RunFixtures.METHODS.size(), ranking.size());
            String best = ranking.stream().filter(r -> r.get("position").equals("1")).findFirst().orElseThrow()
                    .get("method");
            List<Map<String, String>> pairs = HtmlTables.csv(run.resolve("summary/" + target + "/pairwise.csv"));
            for (Map<String, String> r : ranking) {
                String method = r.get("method");
                Pattern cell = Pattern.compile("<td class=\"rank\"[^>]*data-target=\"" + Pattern.quote(target)
                        + "\" data-method=\"" + Pattern.quote(Html.esc(method)) + "\" data-position=\"(\\d+)\""
                        + "[^>]*>(.*?)</td>");
                Matcher m = cell.matcher(matrix);
                assertTrue(m.find(), target + " " + method);
                assertEquals(r.get("position"), m.group(1));
                boolean tie = false;
                if (!method.equals(best)) {
                    Map<String, String> p = pairs.stream().filter(x -> x.get("curve").equals("error")
                            && x.get("score").equals("auc_25") && Set.of(best, method).equals(
                            Set.of(x.get("method_a"), x.get("method_b")))).findFirst().orElseThrow();
                    tie = !(Double.parseDouble(p.get("p_holm")) < 0.05);
                }
                assertEquals(method.equals(best), m.group(2).contains("★"), method);
                assertEquals(tie, m.group(2).contains("≈"), method);
            }
        }
    }

    @Test
    void componentCellsEqualComponentsCsv() throws IOException {
        List<Map<String, String>> rows = HtmlTables.csv(run.resolve("summary/components.csv"));
        assertEquals(RunFixtures.TARGETS.size() * RunFixtures.METHODS.size() * 6, rows.size());
        for (Map<String, String> row : rows) {
            // find the cell: the components table of the target, the row of the method, the component's column
            String table = section(html, "<table class=\"components\" data-target=\"" + row.get("target") + "\"");
            Matcher m = Pattern.compile("<tr><th class=\"method\" title=\"" + Pattern.quote(Html.esc(row.get("method")))
                    + "\">.*?</tr>").matcher(table);
            assertTrue(m.find(), row.toString());
            Matcher c = Pattern.compile("data-component=\"" + row.get("component") + "\" data-mean=\"([^\"]*)\"")
                    .matcher(m.group());
            assertTrue(c.find(), row.toString());
            assertEquals(Double.parseDouble(row.get("mean")), Double.parseDouble(c.group(1)), 0.0);
        }
    }

    @Test
    void figuresExistAndEveryReferencedFileIsThere() throws IOException {
        assertFalse(report.figures().isEmpty());
        for (Path f : report.figures()) {
            assertTrue(Files.size(f) > 1000, f.toString());
        }
        Path svg = run.resolve("report/figures/curves-qt.svg");
        assertTrue(Files.readString(svg).contains("<svg"), "SVG written");
        byte[] png = Files.readAllBytes(run.resolve("report/figures/curves-qt.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"").matcher(html);
        Set<String> refs = new HashSet<>();
        while (m.find()) {
            refs.add(HtmlTables.unescape(m.group(1)));
        }
        assertTrue(refs.contains("figures/curves-qt.svg"));
        assertTrue(refs.contains("figures/curves-qt.png"));
        assertTrue(refs.contains("figures/components-qrs.png"));
        for (String r : refs) {
            assertFalse(r.startsWith("http"), "no network reference: " + r);
            assertTrue(Files.isRegularFile(run.resolve("report").resolve(r)), r);
        }
        assertFalse(html.contains("http://") || html.contains("https://"), "self-contained");
    }

    @Test
    void galleryDataHoldsEveryRecordAndMethod() throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"gallery-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(1));
        assertEquals(2, json.get("targets").size());
        var qt = json.get("targets").get(0);
        assertEquals("qt", qt.get("target").asText());
        assertEquals(3, qt.get("records").size());
        assertEquals(RunFixtures.METHODS.size(), qt.get("panels").asInt());
        assertEquals(RunFixtures.METHODS.size(), qt.get("records").get(0).get("attr").size());
        for (String method : RunFixtures.METHODS) {
            assertFalse(m.group(1).contains(method), "blinded: no method in the gallery data (" + method + ")");
        }
        assertTrue(qt.get("records").get(1).get("truth").isNull(), "missing truth stays missing");
        assertEquals(-1, qt.get("records").get(2).get("fiducials").get(0).asInt());
        assertTrue(html.length() < 1_000_000, "page size " + html.length());
    }

    static String section(String html, String start) {
        int i = html.indexOf(start);
        assertTrue(i >= 0, start);
        return html.substring(i, html.indexOf("</table>", i));
    }
}
