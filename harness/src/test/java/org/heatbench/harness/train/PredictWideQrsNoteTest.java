package org.heatbench.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.HeatBenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code predict} says, beside predictions of wide complexes, what the model's own card measured on real medians
 * that wide — and says nothing where it has nothing to say (no card, a card of another model, no wide record).
 */
class PredictWideQrsNoteTest {
    @TempDir
    Path tmp;

    private String[] predict(Path model, Path store) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("predict", "--model", model.toString(), "--dataset", store.toString(), "--out",
                tmp.resolve("p.csv").toString(), "--overwrite", "--threads", "1");
        assertEquals(0, rc, out + "\n" + err);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void widePredictionsCarryTheCardsWideQrsError() throws Exception {
        // generator v4 draws a bundle-branch-like family: some of these records are wide
        Path store = tmp.resolve("store");
        CommandLine cl = HeatBenchCli.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("dataset", "generate", "--model", "v4", "--records", "40", "--seed", "3",
                "--leads", "8", "--threads", "1", "--out", store.toString()));
        long wide;
        try (EcgStore s = EcgStore.open(store)) {
            wide = Arrays.stream(s.targetValues(Target.QRS)).filter(q -> q >= 120).count();
        }
        assertTrue(wide > 0 && wide < 40, "the fixture needs wide and narrow records: " + wide);

        Path dir = Files.createDirectories(tmp.resolve("m"));
        Path model = Files.copy(Path.of("../models/qt.onnx"), dir.resolve("qt.onnx"));
        Path card = Files.copy(Path.of("../models/qt.json"), dir.resolve("qt.json"));
        JsonNode w = new ObjectMapper().readTree(card.toFile()).path("real_validation").path("by_qrs_width")
                .path("qrs_120_ms_and_wider");
        assertTrue(w.path("n").asInt() > 0, "the shipped QT card measures wide medians");

        String err = predict(model, store)[1];
        String expected = String.format(Locale.ROOT, "heatbench predict: note: %d of 40 records have a QRS of 120 ms "
                + "or wider (the store's QRS); on real medians that wide this model's card reports bias %+.1f ms, MAE "
                + "%.1f ms (n %d; %s, real_validation.by_qrs_width)", wide, w.path("bias").asDouble(),
                w.path("mae").asDouble(), w.path("n").asInt(), card);
        assertTrue(err.contains(expected), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);

        // a card that describes another model says nothing about this one
        ObjectNode other = (ObjectNode) new ObjectMapper().readTree(card.toFile());
        other.put("sha256", "0".repeat(64));
        new ObjectMapper().writeValue(card.toFile(), other);
        assertFalse(predict(model, store)[1].contains("note:"));

        // nor does a model without a card
        Files.delete(card);
        assertFalse(predict(model, store)[1].contains("note:"));
    }
}
