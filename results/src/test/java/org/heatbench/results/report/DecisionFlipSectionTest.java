package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.stats.FlipSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's decision-flip table: shown where a target's summary.csv has {@code decision} rows (as
 * {@code ResultsWriter} writes them for a classification target), with the values of the rows; absent for regression
 * targets and for runs written before the rows existed.
 */
class DecisionFlipSectionTest {
    @TempDir
    Path tmp;

    private static String row(String target, String participant, String score, long n, double mean, String sd,
            double lo, double hi) {
        return String.join(",", target, "\"" + participant + "\"", "decision", score, Long.toString(n),
                Double.isNaN(mean) ? "" : Double.toString(mean), sd, Double.isNaN(lo) ? "" : Double.toString(lo),
                Double.isNaN(hi) ? "" : Double.toString(hi), "", "") + "\n";
    }

    @Test
    void flipTableShowsTheSummaryRows() throws IOException {
        Path run = RunFixtures.write(tmp.resolve("run"));
        String before = Files.readString(ReportGenerator.generate(run, tmp.resolve("old")).index(),
                StandardCharsets.UTF_8);
        assertFalse(before.contains("decision-flips"), "a run without decision rows has no flip table");

        String m0 = RunFixtures.METHODS.get(0);
        FlipSummary method = FlipSummary.of(m0, new long[] {2, 1, 0, 3});
        FlipSummary control = FlipSummary.of(RunData.CONTROL, new long[] {5, 0, 1, 0});
        StringBuilder csv = new StringBuilder();
        for (FlipSummary f : List.of(method, control)) {
            csv.append(row("qt", f.participant(), "flip_share", f.n(), f.share(), "", f.shareLow(), f.shareHigh()));
            csv.append(row("qt", f.participant(), "flip_step_mean", f.step().n(), f.step().mean(),
                    Double.toString(f.step().sd()), f.step().lower(), f.step().upper()));
            csv.append(row("qt", f.participant(), "flip_step_median", f.flipped(), f.medianStep(), "", Double.NaN,
                    Double.NaN));
        }
        Files.writeString(run.resolve("summary").resolve("qt").resolve("summary.csv"), csv,
                StandardOpenOption.APPEND);
        String html = Files.readString(ReportGenerator.generate(run, tmp.resolve("new")).index(),
                StandardCharsets.UTF_8);
        assertEquals(1, html.split("decision-flips", -1).length - 1, "one table: qt has flips, qrs (regression) none");
        List<Map<String, String>> cells = HtmlTables.cells(html).stream()
                .filter(c -> "decision".equals(c.get("table-data-curve")) && c.containsKey("data-score")).toList();
        Map<String, String> share = cells.stream().filter(c -> c.get("data-participant").equals(m0)
                && c.get("data-score").equals("flip_share")).findFirst().orElseThrow();
        assertEquals(4.0 / 6, Double.parseDouble(share.get("data-mean")), 0);
        assertEquals(method.shareLow(), Double.parseDouble(share.get("data-ci-low")), 0);
        assertEquals("6", share.get("data-n"));
        Map<String, String> median = cells.stream().filter(c -> c.get("data-participant").equals(RunData.CONTROL)
                && c.get("data-score").equals("flip_step_median")).findFirst().orElseThrow();
        assertEquals(2.0, Double.parseDouble(median.get("data-mean")), 0);
        assertEquals("qt", cells.get(0).get("table-data-target"));
        assertTrue(html.indexOf("Decision flips") > html.indexOf("id=\"target-0\""));
        // the control's row comes last and is marked as the control
        String table = html.substring(html.indexOf("decision-flips"));
        table = table.substring(0, table.indexOf("</table>"));
        int methodRow = table.indexOf("title=\"" + Html.esc(m0) + "\"");
        int controlRow = table.indexOf("<tr class=\"control\">");
        assertTrue(methodRow > 0 && controlRow > methodRow, table);
    }
}
