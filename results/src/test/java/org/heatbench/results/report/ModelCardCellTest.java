package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.RunManifest;
import org.junit.jupiter.api.Test;

/** The report's model-card cell, from a run.json target's {@code card} as {@code RunManifest.ModelCard} writes it. */
class ModelCardCellTest {

    private static JsonNode node(RunManifest.ModelCard c) throws Exception {
        // the run files' own mapper: the cell reads what run.json holds (snake_case)
        return RunFiles.toTree(c);
    }

    @Test
    void aCardShowsTrainingDataRealMixAndTheUnseenRealError() throws Exception {
        RunManifest.ModelCard c = new RunManifest.ModelCard("models/qt.json", true, "synthetic, model v3",
                "763c350db31854fcd9e7", List.of("work/real/ludb-odd: 71 records × 50 ({annotated=71})"),
                "work/real/ludb-odd", 3.39, 3.57, "|error| <= 30 ms", 103, 13.0, false,
                List.of("work/real/aecg: n 1, MAE 36.1, 0% within", "work/real/ludb-odd: n 99, MAE 6.5, seen in training"));
        String h = ModelCardCell.html(node(c), "ms");
        assertTrue(h.contains("trained on synthetic, model v3"), h);
        assertTrue(h.contains("fine-tuned from <code class=\"hash\">763c350db318…</code>"), h);
        assertTrue(h.contains("+ mixed in: work/real/ludb-odd: 71 records × 50 ({annotated=71})"), h);
        assertTrue(h.contains("epoch selected on work/real/ludb-odd"), h);
        assertTrue(h.contains("test MAE on its training store 3.39 ms (study: 3.57)"), h);
        assertTrue(h.contains("real ECGs not seen in training: n 103, MAE 13 ms; criterion |error| &lt;= 30 ms: "
                + "<b>not all met</b>"), h);
        assertTrue(h.contains("ludb-odd: n 99, MAE 6.5, seen in training"), h);
        assertFalse(h.contains("describes another model"), h);
    }

    @Test
    void noCardAnotherModelsCardAndHostileTextAreSaidAndEscaped() throws Exception {
        assertTrue(ModelCardCell.html(MissingNode.getInstance(), "ms").contains("no model card"));
        RunManifest.ModelCard c = new RunManifest.ModelCard("<script>x</script>.json", false, "<img src=x>", null,
                List.of(), null, null, null, null, null, null, null, List.of());
        String h = ModelCardCell.html(node(c), "ms");
        assertTrue(h.contains("describes another model"), h);
        assertTrue(h.contains("no real-ECG validation on the card"), h);
        assertFalse(h.contains("<script>") || h.contains("<img"), h);
        assertTrue(h.contains("&lt;script&gt;") && h.contains("&lt;img src=x&gt;"), h);
    }
}
