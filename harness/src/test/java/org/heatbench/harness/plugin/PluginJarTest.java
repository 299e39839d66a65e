package org.heatbench.harness.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.CliRun;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar built at test time ({@link ExamplePlugin}) adds a method, a perturbation function and an importer to
 * every command — {@code methods}, {@code dataset import}, {@code perturb} and {@code run} (Spark local[2]) — with
 * nothing in HeatBench edited: the jar only joins the class path (here: a class loader around the jar, as the thread's
 * context class loader, which is what discovery searches; the launcher puts {@code plugins/*.jar} on {@code -cp}).
 */
class PluginJarTest {
    private static final String MODEL = "../models/qt.onnx";

    @TempDir
    static Path tmp;
    static URLClassLoader loader;
    static Path store;

    @BeforeAll
    static void buildPluginAndStore() throws IOException {
        Path jar = ExamplePlugin.build(tmp.resolve("plugin"));
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, PluginJarTest.class.getClassLoader());
        store = tmp.resolve("store");
        CliRun r = CliRun.of("dataset", "generate", "--records", "10", "--out", store.toString(), "--seed", "5",
                "--threads", "1");
        assertEquals(0, r.exit(), r.err());
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    /** Runs the command line with the plugin on the (context) class path. */
    static <T> T withPlugin(Callable<T> call) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    static CliRun cli(String... args) throws Exception {
        return withPlugin(() -> CliRun.of(args));
    }

    @Test
    void withoutTheJarNothingIsAdded() {
        CliRun r = CliRun.of("methods");
        assertFalse(r.out().contains("squared_gradient"));
        CliRun p = CliRun.of("perturb", "--model", MODEL, "--dataset", store.toString(), "--target", "qt", "--method",
                "saliency", "--perturbation", "flatline", "--out", tmp.resolve("none").toString());
        assertEquals(2, p.exit());
        assertTrue(p.err().contains("unknown perturbation function 'flatline'"), p.err());
    }

    @Test
    void methodsListsAllThree() throws Exception {
        CliRun r = cli("methods");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  squared_gradient  [plugin]"), r.out());
        assertTrue(r.out().contains("canonical: squared_gradient:scale=1"), r.out());
        assertTrue(r.out().contains("  flatline  [replacement]") && r.out().contains("canonical: flatline:level=first"));
        assertTrue(r.out().contains("  ws-beats  [median beats]") && r.out().contains("canonical: ws-beats:rate=500"));
        // the built-ins of all four kinds are listed too
        for (String s : List.of("  lrp  [", "  noise  [", "  lead_window  [", "  study-h5  [")) {
            assertTrue(r.out().contains(s), s);
        }
    }

    @Test
    void thePluginsMethodComputesWhatItSays() throws Exception {
        MethodRegistry registry = MethodRegistry.discover(loader);
        OnnxModel model = OnnxModel.load(Path.of(MODEL));
        AttributionTarget target = AttributionTarget.of(8, 600);
        FloatTensor x;
        try (EcgStore s = EcgStore.open(store)) {
            x = FloatTensor.of(s.read(new int[] {0, 1}, s.leads().subList(0, 8)).signals(), 2, 8, 600);
        }
        float[] sq;
        float[] g;
        try (Attributor a = registry.create("squared_gradient:scale=2").compile(model, target, ExecutionOptions.defaults());
                Attributor b = registry.create("saliency:abs=false").compile(model, target, ExecutionOptions.defaults())) {
            assertEquals("squared_gradient:scale=2", a.spec().toString());
            sq = a.attribute(x).values().data();
            g = b.attribute(x).values().data();
        }
        for (int i = 0; i < g.length; i++) {
            assertEquals(2.0 * g[i] * g[i], sq[i], 1e-6 * Math.max(1e-12, 2.0 * g[i] * g[i]) + 1e-30);
        }
    }

    @Test
    void datasetImportReadsThePluginsFormat() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("beats"));
        for (int r = 0; r < 3; r++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < 600; t++) {
                for (int l = 0; l < 12; l++) {
                    sb.append(String.format(Locale.ROOT, "%s%.1f", l == 0 ? "" : " ", Math.sin(t / 20.0 + l + r) * 100));
                }
                sb.append('\n');
            }
            Files.writeString(in.resolve("rec" + r + ".beat"), sb);
        }
        Files.writeString(in.resolve("broken.beat"), "1 2 3\n");
        Path out = tmp.resolve("imported");
        CliRun r = cli("dataset", "import", "--format", "ws-beats:rate=500", "--input", in.toString(), "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("rejected " + in.resolve("broken.beat")) && r.out().contains("has 3 values, not 12"),
                r.out());
        try (EcgStore s = EcgStore.open(out)) {
            assertEquals(3, s.size());
        }
        CliRun bad = cli("dataset", "import", "--format", "ws-beats:hz=500", "--input", in.toString(), "--out",
                tmp.resolve("bad").toString());
        assertTrue(bad.exit() != 0, bad.err());
        assertTrue(bad.err().contains("importer 'ws-beats' has no parameter 'hz'; its parameters: [rate]"), bad.err());
    }

    @Test
    void perturbAndSparkRunUseThePluginsMethodAndPerturbation() throws Exception {
        Path perturbOut = tmp.resolve("perturb");
        CliRun p = cli("perturb", "--model", MODEL, "--dataset", store.toString(), "--target", "qt", "--method",
                "squared_gradient:scale=2,saliency", "--perturbation", "flat:level=last", "--steps", "6", "--split",
                "all", "--records", "4", "--seed", "3", "--out", perturbOut.toString());
        assertEquals(0, p.exit(), p.err());
        String summary = Files.readString(perturbOut.resolve("summary.csv"));
        assertTrue(summary.contains("squared_gradient:scale=2"), summary);

        Path spec = Files.writeString(tmp.resolve("plugin-run.yaml"), String.join("\n",
                "run_id: plugin",
                "output: " + tmp.resolve("runs"),
                "seed: 3",
                "dataset: {path: " + store + ", split: all, limit: 4}",
                "targets: {qt: " + MODEL + "}",
                "methods: ['squared_gradient:scale=2', saliency]",
                "perturbation: {preset: standard, steps: 6, perturbation: 'flat:level=last'}",
                "gallery: {records: 1}",
                "execution: {master: 'local[2]', unit_records: 2}"));
        CliRun r = cli("run", "--config", spec.toString(), "--no-report");
        assertEquals(0, r.exit(), r.err());
        Path run = tmp.resolve("runs").resolve("plugin");
        // the same numbers as heatbench perturb: the plugin ran in the Spark tasks
        assertEquals(summary, Files.readString(run.resolve("summary").resolve("qt").resolve("summary.csv")));
        assertTrue(Files.readString(run.resolve("run.json")).contains("flatline:level=last"));
    }
}
