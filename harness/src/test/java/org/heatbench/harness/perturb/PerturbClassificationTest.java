package org.heatbench.harness.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heatbench perturb --kind classification}: a class of a "classifier" whose logit is the input's mean (µV) minus
 * the median of the records' means, truth from the store's synthetic labels ({@code dataset generate --labels}). The curves in {@code curves.csv.gz}
 * are recomputed here in double from their prediction rows (sigmoid, binary cross-entropy with p clipped to
 * [1e-7, 1 − 1e-7], |y − p|, the probability drop), and every row's decision-flip columns from its MoRF (or random)
 * prediction row.
 */
class PerturbClassificationTest {
    @TempDir
    static Path tmp;
    static Path store;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        store = tmp.resolve("store");
        PerturbCommandTest.Run g = PerturbCommandTest.cli("dataset", "generate", "--records", "6", "--out",
                store.toString(), "--seed", "4", "--threads", "1", "--labels");
        assertEquals(0, g.exit(), g.err());
        // the offset is the median of the records' means, so that clean decisions lie on both sides of the threshold
        double[] means;
        try (EcgStore s = EcgStore.open(store)) {
            org.heatbench.datasets.store.EcgBatch b = s.read(0, s.size(), org.heatbench.datasets.Lead.INDEPENDENT_8);
            means = new double[b.size()];
            for (int i = 0; i < b.size(); i++) {
                float[] x = b.signal(i);
                double sum = 0;
                for (float v : x) {
                    sum += v;
                }
                means[i] = sum / x.length;
            }
        }
        java.util.Arrays.sort(means);
        model = meanMinus(tmp.resolve("mean.onnx"), (float) ((means[2] + means[3]) / 2));
    }

    /** logit = mean(x) − offset over [N, 8, 600]. */
    static Path meanMinus(Path file, float offset) throws IOException {
        OnnxMl.TensorShapeProto.Builder in = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(8))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(600));
        OnnxMl.TensorShapeProto.Builder outShape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1));
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("mean")
                .addInput(value("ecg", in)).addOutput(value("logit", outShape))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("five").setDataType(1).addFloatData(offset))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").addInput("ecg").addOutput("flat")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("ReduceMean").addInput("flat").addOutput("mean")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axes").addInts(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INTS)))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Sub").addInput("mean").addInput("five")
                        .addOutput("logit"))
                .build();
        OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("heatbench-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph)
                .build();
        Files.write(file, m.toByteArray());
        return file;
    }

    private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorShapeProto.Builder shape) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Splits a CSV line whose only quoted fields hold commas (method specs). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void curvesAndFlipsOfAClass() throws IOException {
        Path out = tmp.resolve("wide");
        PerturbCommandTest.Run r = PerturbCommandTest.cli("perturb", "--model", model.toString(), "--dataset",
                store.toString(), "--kind", "classification", "--target", "wide", "--label", "WIDE_QRS",
                "--method", "input_x_gradient", "--method", "random", "--steps", "12", "--regions",
                "lead_window:w=50", "--perturbation", "zero", "--split", "all", "--seed", "2", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("decision flips"), r.out());
        RecordMetadata meta = RecordMetadata.read(store).orElseThrow();
        int wide = meta.labelNames().indexOf("WIDE_QRS");
        Map<String, Double> label = new HashMap<>();
        try (EcgStore s = EcgStore.open(store)) {
            for (int i = 0; i < s.size(); i++) {
                label.put(s.id(i), meta.labels(i)[wide]);
            }
        }
        // curves.csv: per record × method × order the prediction row, then error, relative_error and change
        Map<String, double[]> predictions = new HashMap<>();
        int checked = 0;
        for (String line : gunzip(out.resolve("curves.csv.gz")).lines().skip(1).toList()) {
            List<String> f = fields(line);
            String key = f.get(0) + "|" + f.get(1) + "|" + f.get(2);
            boolean prediction = f.get(3).equals("prediction");
            // predictions are float32 written in their shortest form: read them back as floats
            double[] v = f.subList(4, f.size()).stream().mapToDouble(x -> prediction ? Float.parseFloat(x)
                    : Double.parseDouble(x)).toArray();
            assertEquals(13, v.length);
            if (prediction) {
                predictions.put(key, v);
                continue;
            }
            double[] z = predictions.get(key);
            double y = label.get(f.get(0));
            for (int k = 0; k < v.length; k++) {
                double p = sigmoid(z[k]);
                double pc = Math.min(1 - 1e-7, Math.max(1e-7, p));
                double expected = switch (f.get(3)) {
                    case "error" -> -(y * Math.log(pc) + (1 - y) * Math.log(1 - pc));
                    case "relative_error" -> Math.abs(y - p);
                    case "change" -> sigmoid(z[0]) - p;
                    default -> throw new AssertionError("unexpected curve row " + f.get(3));
                };
                assertEquals(expected, v[k], 1e-12, line);
                checked++;
            }
        }
        assertEquals(6 * 5 * 3 * 13, checked, "6 records x (2 methods x MoRF, LeRF + control) x 3 curves x 13 points");
        // records.csv: the flip columns follow the MoRF (control: random) prediction rows at threshold 0.5
        List<String> rows = Files.readAllLines(out.resolve("records.csv"));
        List<String> header = fields(rows.get(0));
        int flippedAt = header.indexOf("flipped");
        int flips = 0;
        for (String row : rows.subList(1, rows.size())) {
            List<String> f = fields(row);
            String method = f.get(header.indexOf("method"));
            double[] z = predictions.get(f.get(0) + "|" + method + "|"
                    + (method.equals("random_order") ? "random" : "morf"));
            int step = -1;
            for (int k = 1; k < z.length && step < 0; k++) {
                step = (z[k] >= 0) != (z[0] >= 0) ? k : -1;
            }
            assertEquals(step > 0 ? "true" : "false", f.get(flippedAt), row);
            assertEquals(step > 0 ? Integer.toString(step) : "", f.get(flippedAt + 1), row);
            assertEquals(step > 0 ? Double.toString(step / 96.0) : "", f.get(flippedAt + 2), "12 x 8 windows " + row);
            flips += step > 0 ? 1 : 0;
        }
        assertTrue(flips > 0, "removing the QRS windows first moves some records' means across the median");
        JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("classification", json.get("provenance").get("classification").get("kind").asText());
        assertEquals("label:WIDE_QRS", json.get("provenance").get("classification").get("evidence").asText());
        assertEquals(6, json.get("counts").get("mask_defined").asInt(), "the label's own evidence mask");
        long summed = 0;
        for (JsonNode f : json.get("decision_flips")) {
            summed += f.get("flipped").asLong();
            assertEquals(6, f.get("n").asInt());
        }
        assertEquals(flips, summed, "the summary counts the rows' flips");
        assertTrue(Files.readString(out.resolve("summary.csv")).contains(",decision,flip_share,"));
    }

    @Test
    void classificationOptionsAreCheckedInOneLine() {
        Path out = tmp.resolve("bad");
        PerturbCommandTest.Run label = PerturbCommandTest.cli("perturb", "--model", model.toString(), "--dataset",
                store.toString(), "--kind", "classification", "--target", "af", "--label", "AF", "--method",
                "saliency", "--split", "all", "--out", out.toString());
        assertEquals(2, label.exit());
        assertTrue(label.err().contains("no label 'AF'") && label.err().contains("AVB1"), label.err());
        PerturbCommandTest.Run regression = PerturbCommandTest.cli("perturb", "--model", model.toString(),
                "--dataset", store.toString(), "--target", "qt", "--label", "AVB1", "--method", "saliency", "--out",
                out.toString());
        assertEquals(2, regression.exit());
        assertTrue(regression.err().contains("--label and --evidence need --kind classification"), regression.err());
        PerturbCommandTest.Run act = PerturbCommandTest.cli("perturb", "--model", model.toString(), "--dataset",
                store.toString(), "--kind", "classification", "--target", "af", "--activation", "relu", "--method",
                "saliency", "--out", out.toString());
        assertEquals(2, act.exit());
        assertTrue(act.err().contains("unknown activation 'relu'"), act.err());
    }
}
