package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {
    @TempDir
    Path tmp;

    @Test
    void writesRecordsCurvesAndSummaries() throws IOException {
        List<RecordEvaluation> records = EvaluationFixtures.records(6);
        SummaryAccumulator acc = SummaryAccumulator.create(EvaluationFixtures.CONFIG, "qt", EvaluationFixtures.METHODS);
        Path out = tmp.resolve("run");
        try (ResultsWriter w = ResultsWriter.open(out, EvaluationFixtures.CONFIG, false)) {
            for (RecordEvaluation r : records) {
                w.accept(r);
                acc.accept(r);
            }
            assertTrue(Files.exists(out.resolve("records.csv.partial")));
            assertFalse(Files.exists(out.resolve("records.csv")), "nothing looks finished before the end");
            w.finish(acc.finish(), Map.of("seed", 99, "model_sha256", "abc"));
        }
        for (String f : List.of("records.csv", "curves.csv.gz", "summary.json", "summary.csv", "mean_curves.csv",
                "rankings.csv", "pairwise.csv", "random_gap_tests.csv")) {
            assertTrue(Files.exists(out.resolve(f)), f);
            assertFalse(Files.exists(out.resolve(f + ".partial")), f);
        }
        List<String> rows = Files.readAllLines(out.resolve("records.csv"));
        String[] header = rows.get(0).split(",");
        assertEquals("record_id", header[0]);
        assertEquals("constant_attribution", header[8]);
        assertEquals("error_auc_5", header[9]);
        assertEquals("share_other", header[header.length - 4], "component share columns, as in the Parquet rows");
        assertEquals("flip_fraction", header[header.length - 1], "then the decision flips (null for regression)");
        assertTrue(rows.get(1).endsWith(",,,"), "a regression target has no decision flips: " + rows.get(1));
        assertEquals(6 * 4 + 1, rows.size(), "3 methods + the control per record");
        assertTrue(rows.stream().anyMatch(r -> r.contains("id-1003,3,qt,") && r.contains(",b,non_finite_attribution,")),
                "the failed method is listed with its status");
        assertTrue(rows.get(2).startsWith("id-1000,0,qt,"));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(out.resolve("curves.csv.gz"))), StandardCharsets.UTF_8))) {
            List<String> curves = r.lines().toList();
            assertEquals(4 + 31, curves.get(0).split(",").length);
            assertTrue(curves.get(1).startsWith("id-1000,a,morf,prediction,"));
            assertTrue(curves.stream().anyMatch(l -> l.startsWith("id-1000,a,morf,error,0.")
                    || l.startsWith("id-1000,a,morf,error,")));
            assertTrue(curves.stream().noneMatch(l -> l.startsWith("id-1001,a,morf,error,")), "no truth, no error");
            assertTrue(curves.stream().anyMatch(l -> l.startsWith("id-1001,random_order,random,change,0.0,")));
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("heatbench-perturbation-summary", json.get("format").asText());
        assertEquals(99, json.get("provenance").get("seed").asInt());
        assertEquals(6, json.get("counts").get("records").asInt());
        assertEquals(31, json.get("curve_points").asInt());
        assertTrue(json.get("rankings").size() > 0);
        assertTrue(json.get("mean_curves").get(0).get("mean").size() == 31);

        assertThrows(ConfigurationException.class, () -> ResultsWriter.open(out, EvaluationFixtures.CONFIG, false));
        ResultsWriter.open(out, EvaluationFixtures.CONFIG, true).close();
    }
}
