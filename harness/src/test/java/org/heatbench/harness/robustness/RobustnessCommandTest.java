package org.heatbench.harness.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heatbench robustness} end to end: settings, W, robust pairs, rank-position intervals. */
class RobustnessCommandTest {

    @Test
    void rankingUnderSettings(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, CliRun.of("dataset", "generate", "--n", "12", "--out", store.toString(), "--seed", "3",
                "--threads", "1").exit());
        Path out = tmp.resolve("rob");
        CliRun r = CliRun.of("robustness", "--model", "../models/qt.onnx", "--dataset", store.toString(), "--target",
                "qt", "--method", "saliency,input_x_gradient,random", "--records", "4", "--split", "all", "--steps",
                "30", "--perturbations", "noise:k=0.2,zero", "--windows-ms", "40", "--seeds", "1,2", "--bootstrap",
                "200", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("robustness.json").toFile());
        // base, perturbation=zero, regions=lead_window:w=20, seed=2
        assertEquals(4, j.get("settings").size(), j.toString());
        assertEquals("regions=lead_window:w=20", j.get("settings").get(2).get("name").asText());
        assertEquals(3, j.get("pairs").asInt());
        double w = j.get("kendall_w").get("w").asDouble();
        assertTrue(w >= 0 && w <= 1, j.toString());
        assertEquals(3, j.get("base_positions").size());
        for (JsonNode p : j.get("base_positions")) {
            assertTrue(p.get("ci_lower").asDouble() <= p.get("position").asDouble()
                    && p.get("position").asDouble() <= p.get("ci_upper").asDouble(), p.toString());
        }
        assertTrue(r.out().contains("Kendall's W"), r.out());
    }

    @Test
    void badScoreIsOneLineError(@TempDir Path tmp) {
        CliRun r = CliRun.of("robustness", "--model", "../models/qt.onnx", "--dataset", tmp.toString(), "--target",
                "qt", "--method", "saliency,random", "--score", "auc", "--out", tmp.resolve("out").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("CURVE:SCORE"), r.err());
    }
}
