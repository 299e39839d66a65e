package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.jobs.spec.SpecWriter;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.results.RunLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec with a regression target and a classification target (a class of a "classifier" whose logit is the mean of
 * the input times 0.01, truth from a store label, one record unlabelled) runs end to end on Spark local; the loss curve
 * is checked against the binary cross-entropy recomputed in double from the store's signals.
 */
class ClassificationJobTest {
    @TempDir
    static Path tmp;
    static Path store;
    static Path model;
    static SparkSession spark;
    static final MethodRegistry REGISTRY = MethodRegistry.standard();
    static final SpecReader READER = SpecReader.create(REGISTRY);

    @BeforeAll
    static void setUp() throws IOException {
        store = JobFixtures.store(tmp.resolve("store"), 8, 11);
        try (EcgStore s = EcgStore.open(store); RecordMetadata.Writer w = new RecordMetadata.Writer(store)) {
            for (int i = 0; i < s.size(); i++) {
                // record 3 is unlabelled; the others alternate
                w.add(s.id(i), Map.of(), i == 3 ? null : Map.of("WIDE", i % 2 == 0 ? 1.0 : 0.0, "OTHER", 0.0));
            }
            w.finish();
        }
        model = JobFixtures.meanModel(tmp.resolve("mean.onnx"), 12);
        spark = HeatBenchJob.createSession(spec("boot", "WIDE").withExecution(
                new ExperimentSpec.Execution("local[2]", 0, 3, 1, "cpu", "8MiB", 128, 4)));
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorResources.closeAll();
    }

    static String text(String runId, String label) {
        return String.join("\n", "run_id: " + runId, "output: " + tmp.resolve("runs"), "seed: 3",
                "dataset: {path: " + store + ", split: all}",
                "targets:",
                "  qt: " + JobFixtures.QT,
                "  wide: {model: " + model + ", kind: classification, output_index: 0, activation: sigmoid, label: "
                        + label + ", input_scale: 0.01, evidence: qrs}",
                "methods: [saliency, random]",
                "perturbation: {preset: standard, steps: 6, regions: 'lead_window:w=50'}",
                "gallery: {records: 3}",
                "execution: {master: 'local[2]', unit_records: 3}");
    }

    static ExperimentSpec spec(String runId, String label) {
        return READER.parse(text(runId, label));
    }

    @Test
    void specReadsAndWritesClassificationTargets() {
        ExperimentSpec s = spec("x", "WIDE");
        ExperimentSpec.TargetModel w = s.targets().get(1);
        assertTrue(w.isClassification());
        assertEquals("wide", w.target());
        assertEquals("sigmoid", w.classifier().activation());
        assertEquals("WIDE", w.classifier().label());
        assertEquals(0.5, w.classifier().threshold());
        assertEquals(0.01, w.inputScale());
        assertEquals("qrs", w.classifier().evidence());
        assertEquals(s.targets(), READER.parse(SpecWriter.toJson(s)).targets());
        String bad = text("x", "WIDE").replace("activation: sigmoid", "activation: relu");
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(bad)).getMessage()
                .contains("targets.wide.activation"));
        String noLabel = text("x", "WIDE").replace(", label: WIDE", "");
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(noLabel)).getMessage()
                .contains("targets.wide.label"));
        String kind = text("x", "WIDE").replace("kind: classification", "kind: ranking");
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(kind)).getMessage()
                .contains("targets.wide.kind"));
        // a free-text key without kind is still an unknown regression target
        String free = text("x", "WIDE").replace("kind: classification, ", "");
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(free)).getMessage()
                .contains("kind: classification"));
    }

    @Test
    void unknownLabelIsRefusedNamingTheStoreLabels() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> HeatBenchJob.run(spec("nolabel", "AFIB"), REGISTRY, new HeatBenchJob.Listener() {
                }, spark, false));
        assertTrue(e.getMessage().contains("targets.wide.label"), e.getMessage());
        assertTrue(e.getMessage().contains("[OTHER, WIDE]"), e.getMessage());
    }

    @Test
    void regressionAndClassificationTargetsRunEndToEnd() throws IOException {
        HeatBenchJob.Outcome o = HeatBenchJob.run(spec("both", "WIDE"), REGISTRY, new HeatBenchJob.Listener() {
        }, spark, false);
        assertEquals("complete", o.state());
        RunLayout layout = o.layout();
        List<Row> rows = spark.read().parquet(layout.records().toString()).filter("target = 'wide'")
                .filter("method LIKE 'saliency%'").collectAsList();
        assertEquals(8, rows.size(), "every record, the unlabelled one included");
        // independent reference: z = 0.01 * mean(x) in double, p = sigmoid(z), BCE against the label
        double sum = 0;
        int labelled = 0;
        Map<String, Double> logits = new HashMap<>();
        Map<String, Double> labels = new HashMap<>();
        try (EcgStore s = EcgStore.open(store)) {
            EcgBatch b = s.read(0, s.size(), Lead.STANDARD_12);
            for (int i = 0; i < b.size(); i++) {
                double z = 0.01 * Arrays.stream(toDouble(b.signal(i))).average().orElseThrow();
                logits.put(b.id(i), z);
                labels.put(b.id(i), i == 3 ? Double.NaN : i % 2 == 0 ? 1.0 : 0.0);
                if (i != 3) {
                    double y = i % 2 == 0 ? 1 : 0;
                    double p = 1 / (1 + Math.exp(-z));
                    sum += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
                    labelled++;
                }
            }
        }
        for (Row r : rows) {
            String id = r.getAs("record_id");
            assertEquals(logits.get(id), ((Number) r.getAs("prediction")).doubleValue(), 1e-4, id);
            assertTrue(((Number) r.getAs("mask_points")).intValue() > 0, "QRS evidence mask of " + id);
            assertTrue(Double.isFinite(((Number) r.getAs("mass_accuracy")).doubleValue()), id);
            Object truth = r.getAs("truth");
            double t = truth == null ? Double.NaN : ((Number) truth).doubleValue();
            assertEquals(labels.get(id), t, 0.0, id);
            // the decision flip: first step whose sigmoid decision (z >= 0) differs from the clean one, in double
            List<Float> morf = r.getList(r.fieldIndex("curve_morf"));
            int step = -1;
            for (int k = 1; k < morf.size() && step < 0; k++) {
                step = (morf.get(k) >= 0) != (morf.get(0) >= 0) ? k : -1;
            }
            assertEquals(step > 0, r.getAs("flipped"), id);
            assertEquals(step > 0 ? (Object) step : null, r.getAs("flip_step"), id);
            // lead windows of 50 samples: 12 leads x 12 windows = 144 regions, one per step
            assertEquals(step > 0 ? (Object) (step / 144.0) : null, r.getAs("flip_fraction"), id);
        }
        List<Row> qt = spark.read().parquet(layout.records().toString()).filter("target = 'qt'").collectAsList();
        assertTrue(qt.stream().allMatch(r -> r.getAs("flipped") == null && r.getAs("flip_step") == null),
                "regression rows carry no decision flips");
        String summary = Files.readString(layout.summary("wide").resolve("summary.csv"));
        assertTrue(summary.contains(",decision,flip_share,8,"), "every record has a flip determination: " + summary);
        // mean loss at step 0 over the labelled records (the common set: every method succeeded on every record)
        List<String> curves = Files.readAllLines(layout.summary("wide").resolve("mean_curves.csv"));
        List<String> head = Arrays.asList(curves.get(0).split(","));
        String line = curves.stream().filter(l -> l.startsWith("wide,saliency") && l.contains(",morf,error,0,")).findFirst().orElseThrow();
        String[] f = line.split(",");
        assertEquals(labelled, Integer.parseInt(f[head.indexOf("n")]));
        assertEquals(sum / labelled, Double.parseDouble(f[head.indexOf("mean")]), 1e-5);
        // the gallery shows the label as truth and the class probability as prediction
        org.heatbench.results.GalleryFile.Gallery g = org.heatbench.results.GalleryFile.read(layout.gallery("wide"));
        assertEquals("probability", g.unit());
        for (int i = 0; i < g.recordIds().size(); i++) {
            String id = g.recordIds().get(i);
            assertEquals(1 / (1 + Math.exp(-logits.get(id))), g.prediction()[i], 1e-5, id);
            assertEquals(labels.get(id), g.truth()[i], 0.0, id);
        }
        // the unit travels to the manifest
        JsonNode run = new ObjectMapper().readTree(layout.run().toFile());
        String units = run.toString();
        assertTrue(units.contains("\"probability\""), units);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
