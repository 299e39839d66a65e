package org.heatbench.harness.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.harness.HeatBenchCli;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PerturbCommandTest {
    private static final Path MODEL = Path.of("../examples/reference_cnn.onnx");

    @TempDir
    static Path tmp;
    private static Path store;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void makeStore() {
        store = tmp.resolve("store");
        Run r = cli("dataset", "generate", "--n", "8", "--out", store.toString(), "--seed", "3", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void studyPresetWritesCurvesScoresAndASummaryWithProvenance() throws IOException {
        Path out = tmp.resolve("study");
        Run r = cli("perturb", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "qt",
                "--method", "saliency:abs=false,integrated_gradients:steps=4,rule=riemann_left", "--preset", "study",
                "--split", "all", "--records", "3", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("3/3 records (100%)") && r.err().contains("ETA"), r.err());
        assertTrue(r.err().contains("leads [I, II, V1, V2, V3, V4, V5, V6]"), "12-lead store read as 8 leads");
        assertTrue(r.out().contains("ranking by error:auc"), r.out());
        assertTrue(r.out().contains("Friedman"), r.out());
        List<String> rows = Files.readAllLines(out.resolve("records.csv"));
        assertEquals(1 + 3 * 2, rows.size(), "two methods per record, no control in the study preset");
        assertTrue(rows.get(1).startsWith("synth-00000000,0,qt,"));
        assertTrue(rows.stream().skip(1).allMatch(l -> l.contains(",ok,")));
        String curves = gunzip(out.resolve("curves.csv.gz"));
        assertEquals(4 + 200, curves.lines().findFirst().orElseThrow().split(",").length);
        assertTrue(curves.contains("\"integrated_gradients:steps=4,rule=riemann_left,baseline=0,multiply_by_inputs=true\","
                + "morf,error,"), "method specs with commas are quoted");
        JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode p = json.get("provenance");
        assertEquals(OnnxModel.load(MODEL).sha256(), p.get("model_sha256").asText());
        assertEquals("study", p.get("preset").asText());
        assertEquals("199", p.get("parameters").get("steps").asText());
        assertEquals(5, p.get("seed").asLong());
        assertEquals("saliency:abs=false", p.get("methods").get(0).asText());
        assertEquals(3, p.get("dataset").get("records").asInt());
        assertEquals("synthetic", p.get("dataset").get("kind").asText());
        assertTrue(p.get("heatbench_version").asText().length() > 0);
        assertTrue(p.get("onnxruntime_version").asText().length() > 0);
        assertEquals(3, json.get("counts").get("records").asInt());
        assertEquals(3, json.get("counts").get("common_set").asInt());
        assertEquals(3, json.get("counts").get("mask_defined").asInt());
        assertTrue(Files.readString(out.resolve("summary.csv")).contains(",localization,mass_accuracy,"));

        Run again = cli("perturb", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "qt",
                "--method", "saliency", "--split", "all", "--records", "1", "--out", out.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }

    @Test
    void resultsDoNotDependOnWorkersChunksOrBudget() throws IOException {
        String[] common = {"perturb", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "hr",
            "--method", "smoothgrad:samples=2", "--method", "random", "--steps", "8", "--split", "all", "--records", "5",
            "--seed", "9"};
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Run ra = cli(concat(common, "--out", a.toString()));
        Run rb = cli(concat(common, "--out", b.toString(), "--workers", "2", "--threads", "1", "--chunk", "2",
                "--batch-budget", "100KiB"));
        assertEquals(0, ra.exit(), ra.err());
        assertEquals(0, rb.exit(), rb.err());
        assertEquals(Files.readString(a.resolve("records.csv")), Files.readString(b.resolve("records.csv")));
        assertEquals(gunzip(a.resolve("curves.csv.gz")), gunzip(b.resolve("curves.csv.gz")));
        for (String f : List.of("summary.csv", "mean_curves.csv", "rankings.csv", "pairwise.csv",
                "random_gap_tests.csv")) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
        assertTrue(Files.readString(a.resolve("records.csv")).contains(",random_order,ok,"));
    }

    @Test
    void badInputGivesOneLineErrors() {
        Path out = tmp.resolve("bad");
        Run target = cli("perturb", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "qtc",
                "--method", "saliency", "--out", out.toString());
        assertEquals(2, target.exit());
        assertTrue(target.err().contains("unknown target 'qtc'"), target.err());
        Run steps = cli("perturb", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "qt",
                "--method", "saliency", "--regions", "window:w=100", "--split", "all", "--out", out.toString());
        assertEquals(2, steps.exit());
        assertTrue(steps.err().contains("199 steps x 1 region(s) per step = 199 regions, but a record of 8 leads x 600 "
                + "samples cut into 'window:w=100' regions has only 6"), steps.err());
        Run method = cli("perturb", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "qt",
                "--method", "saliency,nosuch", "--out", out.toString());
        assertEquals(2, method.exit());
        assertTrue(method.err().contains("unknown attribution method 'nosuch'"), method.err());

        Path three = tmp.resolve("three");
        assertEquals(0, cli("dataset", "generate", "--n", "2", "--leads", "I,II,V5", "--out", three.toString(),
                "--threads", "1").exit());
        Run leads = cli("perturb", "--model", MODEL.toString(), "--dataset", three.toString(), "--target", "qt",
                "--method", "saliency", "--split", "all", "--out", out.toString());
        assertEquals(2, leads.exit());
        assertTrue(leads.err().contains("takes 8 leads [I, II, V1, V2, V3, V4, V5, V6], which the store ([I, II, V5]) "
                + "cannot supply"), leads.err());
    }

    @Test
    void methodListsSplitOnNamesNotOnParameters() {
        assertEquals(List.of("saliency:abs=false", "integrated_gradients:steps=20,rule=riemann_left", "random"),
                PerturbCommand.splitMethods(List.of("saliency:abs=false,integrated_gradients:steps=20,rule=riemann_left,"
                        + "random")));
        assertEquals(List.of("smoothgrad:samples=3", "deeplift"), PerturbCommand.splitMethods(List.of(
                "smoothgrad:samples=3", "deeplift")));
        assertThrows(ConfigurationException.class, () -> PerturbCommand.splitMethods(List.of("abs=false")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
