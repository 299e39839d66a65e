package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.perturbation.sanity.SanityRow;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;
import org.heatbench.perturbation.sanity.SanityTable;
import org.heatbench.results.GalleryFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sanity marks, expert ratings through the blinding key, and the trust section of the report. */
class TrustSectionTest {
    @TempDir
    Path tmp;

    /** An export by {@code rater}: the score of each panel is {@code scoreOf(method index)}. */
    private static Path export(Path file, RunData data, String rater, java.util.function.IntUnaryOperator scoreOf)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("format", "heatbench-ratings/1").put("run", data.runId())
                .put("rater", rater);
        ArrayNode list = root.putArray("ratings");
        long seed = BlindingKey.runSeed(data);
        for (RunData.TargetData t : data.targets()) {
            GalleryFile.Gallery g = t.gallery();
            for (String id : g.recordIds()) {
                int[] order = BlindingKey.order(seed, t.target(), id, g.methods().size());
                for (int k = 0; k < order.length; k++) {
                    list.addObject().put("rater", rater).put("target", t.target()).put("record", id)
                            .put("panel", BlindingKey.panelId(k)).put("score", scoreOf.applyAsInt(order[k]))
                            .put("best", order[k] == 0).put("time", "2026-12-06T09:00:00Z");
                }
            }
        }
        json.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void ratingsAreUnblindedWithTheKeyAndAgreementIsShown() throws IOException {
        Path run = RunFixtures.write(tmp.resolve("run"));
        RunData data = RunData.read(run);
        int k = RunFixtures.METHODS.size();
        // both raters give method 0 a 5 and the others descending scores; rater b is one lower on method 1
        ExpertRatings.importFile(run, export(tmp.resolve("a.json"), data, "a", m -> Math.max(1, 5 - m)));
        ExpertRatings.importFile(run, export(tmp.resolve("b.json"), data, "b", m -> Math.max(1, m == 1 ? 3 : 5 - m)));
        List<ExpertRatings.Rating> rs = ExpertRatings.read(data);
        assertEquals(2 * 2 * 3 * k, rs.size()); // 2 raters x 2 targets x 3 gallery records x k panels
        for (ExpertRatings.Rating r : rs) {
            int m = RunFixtures.METHODS.indexOf(r.method());
            int expected = r.rater().equals("a") || m != 1 ? Math.max(1, 5 - m) : 3;
            assertEquals(expected, r.score(), "panel " + r.panel() + " of " + r.record() + " is " + r.method());
        }
        ExpertAgreement a = ExpertAgreement.of(rs.stream().filter(r -> r.target().equals("qt")).toList(),
                RunFixtures.METHODS, Map.of());
        assertEquals(5.0, a.methods().get(0).mean(), 0);
        assertEquals(6, a.methods().get(0).bestPicks()); // 2 raters x 3 records
        assertEquals(2, a.raters());
        assertTrue(a.interval().alpha() > 0.8 && a.interval().alpha() < 1, a.toString());

        Path sanityDir = run.resolve("sanity").resolve("qt");
        Files.createDirectories(sanityDir);
        String failing = RunFixtures.METHODS.get(1);
        SanityTable.write(sanityDir.resolve(SanityTable.FILE), List.of(
                new SanityRow(failing, "input_invariance", "relative_distance:mean_over_pairs", 0.0, Verdict.FAIL),
                new SanityRow(RunFixtures.METHODS.get(0), "input_invariance", "relative_distance:mean_over_pairs",
                        0.9, Verdict.PASS)));
        ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve("out"));
        String html = Files.readString(r.index(), StandardCharsets.UTF_8);
        assertTrue(html.contains("id=\"trust\""));
        assertTrue(html.contains("id=\"experts-qt\""));
        assertTrue(html.contains("Krippendorff"));
        String matrix = ReportGoldenTest.section(html, "id=\"rank-matrix\"");
        assertEquals(1, matrix.split("data-sanity=\"fail\"", -1).length - 1, "one failing method marked");
        assertTrue(html.contains("id=\"sanity-qt\""));
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve(BlindingKey.FILE)));
    }

    @Test
    void badExportsNameTheProblem() throws IOException {
        Path run = RunFixtures.write(tmp.resolve("run"));
        RunData data = RunData.read(run);
        Path f = export(tmp.resolve("a.json"), data, "a", m -> 3);
        String text = Files.readString(f).replaceFirst("\"score\":3", "\"score\":7");
        Files.writeString(f, text);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExpertRatings.importFile(run, f));
        assertTrue(e.getMessage().contains("entry 0") && e.getMessage().contains("1-5"), e.getMessage());
        Files.writeString(f, "{\"format\": \"other\"}");
        assertThrows(InvalidInputException.class, () -> ExpertRatings.importFile(run, f));
        assertFalse(Files.exists(run.resolve("ratings").resolve("a.json")), "nothing stored");
    }
}
