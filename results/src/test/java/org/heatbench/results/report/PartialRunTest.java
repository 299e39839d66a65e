package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.heatbench.core.HeatBenchException;
import org.heatbench.results.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs with missing parts still get a report that says what is missing; only non-runs are errors. */
class PartialRunTest {
    @TempDir
    Path tmp;

    private Path run() throws IOException {
        return RunFixtures.write(tmp.resolve("run"), RunFixtures.METHODS, "r-", 10, 2);
    }

    private static String page(ReportGenerator.Report r) throws IOException {
        return Files.readString(r.index(), StandardCharsets.UTF_8);
    }

    private static void delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

    private static void assertBanner(String html, String text) {
        int b = html.indexOf("<div class=\"banner\" id=\"warnings\"");
        assertTrue(b >= 0, "banner present");
        String banner = html.substring(b, html.indexOf("</div>", b));
        assertTrue(banner.contains(text), "banner says '" + text + "': " + banner);
    }

    private static void assertNoBrokenImages(Path out, String html) {
        var m = java.util.regex.Pattern.compile("<img src=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            assertTrue(Files.isRegularFile(out.resolve(m.group(1))), m.group(1));
        }
    }

    @Test
    void missingRunJson() throws IOException {
        Path run = run();
        Files.delete(new RunLayout(run).run());
        ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve("out"));
        String html = page(r);
        assertBanner(html, "run.json is missing");
        assertTrue(html.contains("provenance unknown"));
        assertTrue(html.contains("data-target=\"qt\""), "targets found under summary/");
        assertTrue(html.contains("data-target=\"qrs\""));
        assertNoBrokenImages(tmp.resolve("out"), html);
    }

    @Test
    void missingTargetSummary() throws IOException {
        Path run = run();
        delete(new RunLayout(run).summary("qrs"));
        ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve("out"));
        String html = page(r);
        assertBanner(html, "Target qrs: summary/qrs/ is missing");
        assertTrue(html.contains("No summary for this target"));
        assertFalse(Files.exists(tmp.resolve("out/figures/curves-qrs.svg")), "no empty plot");
        assertTrue(Files.exists(tmp.resolve("out/figures/curves-qt.svg")));
        assertTrue(html.contains("figures/components-qrs.svg"), "component shares still shown");
        assertNoBrokenImages(tmp.resolve("out"), html);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("summary/qrs/")));
    }

    @Test
    void missingSingleSummaryFile() throws IOException {
        Path run = run();
        Files.delete(new RunLayout(run).summary("qt").resolve("mean_curves.csv"));
        Files.delete(new RunLayout(run).components());
        ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve("out"));
        String html = page(r);
        assertBanner(html, "summary/qt/mean_curves.csv is missing");
        assertBanner(html, "summary/components.csv is missing");
        assertFalse(Files.exists(tmp.resolve("out/figures/curves-qt.svg")));
        assertTrue(html.contains("<table class=\"scores\" data-target=\"qt\""), "scores still shown");
        assertNoBrokenImages(tmp.resolve("out"), html);
    }

    @Test
    void missingGallery() throws IOException {
        Path run = run();
        delete(new RunLayout(run).attributions());
        String html = page(ReportGenerator.generate(run, tmp.resolve("out")));
        assertBanner(html, "attributions/qt.h5 is missing");
        assertTrue(html.contains("No heatmap gallery in this run"));
        assertFalse(html.contains("id=\"g-grid\""), "no empty gallery");
    }

    @Test
    void corruptGalleryAndCsv() throws IOException {
        Path run = run();
        Files.writeString(new RunLayout(run).gallery("qt"), "not hdf5");
        Files.writeString(new RunLayout(run).summary("qrs").resolve("rankings.csv"), "a,b\n1\n");
        ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve("out"));
        String html = page(r);
        assertBanner(html, "attributions/qt.h5 cannot be read");
        assertBanner(html, "summary/qrs/rankings.csv cannot be read");
        assertTrue(html.contains("id=\"g-grid\""), "the qrs gallery is still shown");
    }

    @Test
    void partialAndRunningStates() throws IOException {
        for (String state : List.of("partial", "running")) {
            Path run = RunFixtures.write(tmp.resolve(state), RunFixtures.METHODS, "r-", 10, 2);
            ObjectMapper json = new ObjectMapper();
            ObjectNode node = (ObjectNode) json.readTree(new RunLayout(run).run().toFile());
            node.put("state", state).put("message", "stopped by the user");
            // a driver that died leaves stale counts: the report counts the commit markers (one of two left)
            ((ObjectNode) node.get("counts")).put("units_done", 0);
            json.writeValue(new RunLayout(run).run().toFile(), node);
            Files.delete(new RunLayout(run).unitDone("qrs", 0));
            ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve(state + "-out"));
            String html = page(r);
            assertBanner(html, "The run is " + state
                    + ", not complete (1 of 2 work units committed): stopped by the user");
            assertTrue(html.contains("class=\"state state-" + state + "\""));
            assertEquals(1, r.warnings().size(), r.warnings().toString());
        }
    }

    @Test
    void notARunIsAnError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        HeatBenchException e = assertThrows(HeatBenchException.class,
                () -> ReportGenerator.generate(file, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertThrows(HeatBenchException.class, () -> ReportGenerator.generate(tmp.resolve("nope"), tmp.resolve("o")));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(HeatBenchException.class, () -> ReportGenerator.generate(empty, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("not a HeatBench run"), e.getMessage());
    }
}
