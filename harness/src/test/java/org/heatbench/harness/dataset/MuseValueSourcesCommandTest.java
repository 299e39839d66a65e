package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two real MUSE exports (../shared, skipped with the reason when absent) through {@code dataset import},
 * {@code dataset info}, {@code dataset delineate} and {@code validate-real}: the V5 amplitudes are the device's when
 * the file carries 12SL's measurement matrix, and HeatBench's measurement at the device's fiducials (source
 * {@code measured}) when it does not — counted as a reference by validate-real, under that name, and kept by
 * delineate. Copies without the matrix are written only into the test's temporary folder.
 */
class MuseValueSourcesCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        return AnnotatedWfdbImportTest.run(args);
    }

    private static Path muse() {
        Path p = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("data/real/muse_xml");
        if (!Files.isDirectory(p)) {
            System.err.println("skipped: " + p + " not found (shared real data absent)");
        }
        assumeTrue(Files.isDirectory(p), "shared real data " + p + " not found");
        return p;
    }

    private Path importStore(Path in, String name) {
        Path store = tmp.resolve(name);
        String[] r = run("dataset", "import", "--format", "muse", "--input", in.toString(), "--out", store.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        return store;
    }

    @Test
    void infoDelineateAndValidateRealNameTheMeasuredSource() throws Exception {
        Path device = importStore(muse(), "device");
        String info = run("dataset", "info", device.toString())[1];
        assertTrue(info.contains("r_amp_v5: device 2; stj_v5: device 2"), info);

        Path in = Files.createDirectories(tmp.resolve("nomatrix"));
        for (String name : new String[] {"example1.xml", "example2.xml"}) {
            String xml = Files.readString(muse().resolve(name), StandardCharsets.ISO_8859_1);
            Files.writeString(in.resolve(name), xml.replaceAll("(?s)<MeasurementMatrix>.*?</MeasurementMatrix>", ""),
                    StandardCharsets.ISO_8859_1);
        }
        Path measured = importStore(in, "measured");
        info = run("dataset", "info", measured.toString())[1];
        assertTrue(info.contains("qt: device 2; t_amp_v5: measured 2; r_amp_v5: measured 2; stj_v5: measured 2"),
                info);

        String[] d = run("dataset", "delineate", measured.toString());
        assertEquals("0", d[0], d[1] + d[2]);
        assertTrue(d[1].contains("0 device/measured values replaced"), d[1]);
        assertTrue(run("dataset", "info", measured.toString())[1].contains("r_amp_v5: measured 2"));

        Path models = Files.createDirectories(tmp.resolve("models"));
        Files.copy(Path.of("..", "models", "r_amp_v5.onnx"), models.resolve("r_amp_v5.onnx"));
        Files.copy(Path.of("..", "models", "r_amp_v5.json"), models.resolve("r_amp_v5.json"));
        String[] v = run("validate-real", "--model", models.resolve("r_amp_v5.onnx").toString(), "--real",
                measured.toString(), "--write-cards");
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains("over 2 records with a device, expert or measured reference"), v[1]);
        assertTrue(v[1].contains("reference sources {measured=2}"), v[1]);
        assertTrue(v[1].matches("(?s).*example1\\s+reference\\s+1507\\.9\\d*\\s+prediction.*reference: measured.*"),
                v[1]);
        JsonNode card = new ObjectMapper().readTree(models.resolve("r_amp_v5.json").toFile()).get("real_validation");
        assertEquals(2, card.get("n_with_reference").asInt(), "a measured reference is the model's error");
        assertEquals(0, card.get("n_delineated_reference_excluded").asInt());
        assertEquals("measured", card.get("records").get(0).get("reference_source").asText());
    }
}
