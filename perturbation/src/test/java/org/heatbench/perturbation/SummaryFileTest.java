package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.heatbench.core.InvalidInputException;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.io.SummaryDocument;
import org.heatbench.perturbation.io.SummaryFile;
import org.heatbench.perturbation.stats.FlipSummary;
import org.heatbench.perturbation.stats.MeanCurve;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary.json}: the typed document written and read back, and the refusals of a foreign or damaged file. */
class SummaryFileTest {
    private static final ObjectMapper TREE = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static PerturbationSummary summary;

    @BeforeAll
    static void evaluate() {
        SummaryAccumulator acc = SummaryAccumulator.create(EvaluationFixtures.CONFIG, "qt", EvaluationFixtures.METHODS);
        for (RecordEvaluation r : EvaluationFixtures.records(6)) {
            acc.accept(r);
        }
        summary = acc.finish();
    }

    /** Provenance as the commands give it: a long seed, nested maps and lists, a double. */
    private static Map<String, Object> provenance() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", "data/synth");
        data.put("records", 6);
        data.put("records_limit", null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "test");
        p.put("seed", 99L);
        p.put("big", 1L << 40);
        p.put("methods", List.of("a", "b", "c"));
        p.put("dataset", data);
        p.put("seconds", 0.125);
        return p;
    }

    private static Path written(String name, SummaryDocument doc) {
        Path f = tmp.resolve(name);
        SummaryFile.write(f, doc);
        return f;
    }

    @Test
    void aRegressionSummaryReadsBackEqual() throws IOException {
        SummaryDocument doc = SummaryDocument.of(summary, provenance());
        Path f = written("regression.json", doc);
        SummaryDocument back = SummaryFile.read(f);
        assertEquals(doc, back);
        String text = Files.readString(f);
        assertFalse(text.contains("decision_flips"), "no decision flips for a regression target");
        assertTrue(back.decisionFlips().isEmpty());
        assertEquals(99, back.provenance().get("seed"));
        assertEquals(1L << 40, back.provenance().get("big"));
        SummaryFile.write(tmp.resolve("again.json"), back);
        assertEquals(text, Files.readString(tmp.resolve("again.json")), "writing what was read gives the same bytes");
    }

    @Test
    void aClassSummaryWithDecisionFlipsAndUndefinedValuesReadsBackEqual() throws IOException {
        PerturbationSummary s = summary;
        double nan = Double.NaN;
        // one record: no SD and no CI (NaN), written as null
        MeanCurve one = new MeanCurve(1, new double[] {0.0, 0.25, 1e-300}, new double[] {nan, nan, nan},
                new double[] {nan, nan, nan}, new double[] {nan, nan, nan});
        PerturbationSummary withFlips = new PerturbationSummary(s.target(), s.methods(), s.parameters(),
                s.scoreNames(), s.curvePoints(), s.counts(), s.methodCounts(), s.problems(), s.missingTruth(),
                List.of(new PerturbationSummary.CurveSummary("a", Order.MORF, CurveKind.CHANGE, one)), s.scores(), s.localization(), s.rankings(), s.pairwise(), s.randomGapTests(),
                List.of(FlipSummary.of("a", new long[] {3, 1, 0, 2}), FlipSummary.of("random_order",
                        new long[] {6, 0, 0, 0})));
        SummaryDocument doc = SummaryDocument.of(withFlips, provenance());
        Path f = written("class.json", doc);
        SummaryDocument back = SummaryFile.read(f);
        assertEquals(doc, back);
        assertEquals(2, back.decisionFlips().size());
        SummaryDocument.Flips a = back.decisionFlips().get(0);
        assertEquals(List.of(3L, 1L, 0L, 2L), a.histogram());
        assertEquals(3, a.flipped());
        assertEquals(0.5, a.share());
        assertTrue(Double.isNaN(back.decisionFlips().get(1).medianStep()), "no flip: no median step (null in JSON)");
        assertTrue(TREE.readTree(f.toFile()).get("decision_flips").get(1).get("median_step").isNull());
        assertEquals(7.0 / 3, a.step().mean(), 1e-15, "flips at steps 1, 3, 3");
        assertTrue(Double.isNaN(back.decisionFlips().get(1).step().sd()), "no flip: no SD of the step");
        SummaryDocument.Curve c = back.meanCurves().get(0);
        assertEquals(List.of(0.0, 0.25, 1e-300), c.mean(), "finite values bit for bit");
        assertTrue(c.ciHigh().stream().allMatch(x -> Double.isNaN(x)), "NaN is null, read as NaN");
        assertEquals("[ null, null, null ]", TREE.readTree(f.toFile()).get("mean_curves").get(0).get("ci_low")
                .toPrettyString().replaceAll("\\s+", " "));
    }

    @Test
    void theResultsWriterWritesTheDocumentOfItsSummary() {
        Path out = tmp.resolve("run");
        ResultsWriter.writeSummary(out, EvaluationFixtures.CONFIG, summary, provenance());
        SummaryDocument back = SummaryFile.read(out.resolve("summary.json"));
        assertEquals(SummaryDocument.of(summary, provenance()), back);
        assertEquals(SummaryFile.FORMAT, back.format());
        assertEquals(SummaryFile.VERSION, back.formatVersion());
        assertEquals(31, back.meanCurves().get(0).mean().size());
        assertEquals(summary.counts(), back.counts());
    }

    /** Writes the fixture's summary, changed by {@code edit}, and returns the message that reading it gives. */
    private static String refusal(String name, Consumer<ObjectNode> edit) throws IOException {
        Path f = written(name, SummaryDocument.of(summary, provenance()));
        ObjectNode root = (ObjectNode) TREE.readTree(f.toFile());
        edit.accept(root);
        TREE.writeValue(f.toFile(), root);
        String message = assertThrows(InvalidInputException.class, () -> SummaryFile.read(f)).getMessage();
        assertTrue(message.startsWith(f.toString()), "names the file: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    @Test
    void aNewerVersionIsRefusedNamingFileAndField() throws IOException {
        String m = refusal("newer.json", r -> r.put("format_version", SummaryFile.VERSION + 1));
        assertTrue(m.contains("'format_version'") && m.contains("newer HeatBench") && m.contains("version 1"), m);
        String old = refusal("zero.json", r -> r.put("format_version", 0));
        assertTrue(old.contains("'format_version' is 0") && !old.contains("newer"), old);
        String none = refusal("unversioned.json", r -> r.remove("format_version"));
        assertTrue(none.contains("required field 'format_version' is missing"), none);
        String foreign = refusal("foreign.json", r -> r.put("format", "heatbench-run"));
        assertTrue(foreign.contains("field 'format' is \"heatbench-run\", expected 'heatbench-perturbation-summary'"),
                foreign);
        String formatless = refusal("formatless.json", r -> r.remove("format"));
        assertTrue(formatless.endsWith(": field 'format' is missing, expected 'heatbench-perturbation-summary'"),
                formatless);
    }

    @Test
    void aMissingRequiredFieldIsRefusedNamingIt() throws IOException {
        String top = refusal("no-target.json", r -> r.remove("target"));
        assertTrue(top.endsWith(": required field 'target' is missing"), top);
        String nested = refusal("no-with-truth.json", r -> ((ObjectNode) r.get("counts")).remove("with_truth"));
        assertTrue(nested.endsWith(": required field 'counts.with_truth' is missing"), nested);
        String inList = refusal("no-mean-rank.json",
                r -> ((ObjectNode) r.get("rankings").get(0).get("ranking").get(1)).remove("mean_rank"));
        assertTrue(inList.endsWith(": required field 'rankings[0].ranking[1].mean_rank' is missing"), inList);
        String nulled = refusal("null-methods.json", r -> r.putNull("methods"));
        assertTrue(nulled.endsWith(": required field 'methods' is null"), nulled);
        String wrong = refusal("wrong-type.json", r -> ((ObjectNode) r.get("scores").get(2)).put("mean", "high"));
        assertTrue(wrong.contains("field 'scores[2].mean' does not fit"), wrong);
    }

    @Test
    void aFileThatIsNotASummaryIsRefused() throws IOException {
        Path missing = tmp.resolve("absent.json");
        assertEquals(missing + " does not exist",
                assertThrows(InvalidInputException.class, () -> SummaryFile.read(missing)).getMessage());
        Path text = tmp.resolve("truncated.json");
        Files.writeString(text, "{\"format\": \"heatbench-perturbation-summary\", \"format_vers");
        String m = assertThrows(InvalidInputException.class, () -> SummaryFile.read(text)).getMessage();
        assertTrue(m.startsWith(text + " is not valid JSON"), m);
        Path array = tmp.resolve("array.json");
        Files.writeString(array, "[1, 2]");
        m = assertThrows(InvalidInputException.class, () -> SummaryFile.read(array)).getMessage();
        assertTrue(m.startsWith(array + " is not a JSON object"), m);
    }
}
