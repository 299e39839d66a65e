package org.heatbench.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.harness.CliRun;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.training.Evaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --labels}: the shipped QT regressor's output read as a LONG_QT score on a labelled synthetic store;
 * AUROC and AUPRC recomputed here by brute force (pair counting, precision at each positive's rank).
 */
class ClassifierEvaluateTest {
    @TempDir
    Path tmp;

    @Test
    void aurocAndAuprcMatchBruteForce() throws Exception {
        Path store = tmp.resolve("s");
        // every record borderline in one measure: both LONG_QT classes among 60 records (8 positives) also with the
        // tangent-method QT of generator v2, which is ≈ 32 ms shorter than the threshold QT (0 positives at 0.15)
        CliRun g = CliRun.of("dataset", "generate", "--n", "60", "--out", store.toString(), "--seed", "3",
                "--borderline", "1");
        assertEquals(0, g.exit(), g.err());
        assertEquals(0, CliRun.of("dataset", "label", store.toString()).exit());
        Path json = tmp.resolve("m.json");
        CliRun r = CliRun.of("evaluate", "--model", "../models/qt.onnx", "--dataset", store.toString(), "--split",
                "all", "--labels", "LONG_QT", "--metrics-json", json.toString(), "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("AUROC"), r.out());
        JsonNode label = new ObjectMapper().readTree(json.toFile()).get("labels").get(0);

        RecordMetadata meta = RecordMetadata.read(store).orElseThrow();
        int col = meta.labelNames().indexOf("LONG_QT");
        List<double[]> pairs = new ArrayList<>(); // (score, label)
        try (EcgStore s = EcgStore.open(store);
                Evaluator ev = new Evaluator(OnnxModel.load(Path.of("../models/qt.onnx")),
                        ExecutionOptions.defaults().withIntraOpThreads(1))) {
            int[] idx = new int[s.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            double[] z = ev.predict(s, idx);
            for (int i = 0; i < idx.length; i++) {
                pairs.add(new double[] {z[i], meta.labels(i)[col]});
            }
        }
        long pos = pairs.stream().filter(p -> p[1] == 1).count();
        long neg = pairs.size() - pos;
        assertTrue(pos > 0 && neg > 0, "both classes present: " + pos + " positives");
        double wins = 0;
        for (double[] a : pairs) {
            for (double[] b : pairs) {
                if (a[1] == 1 && b[1] == 0) {
                    wins += a[0] > b[0] ? 1 : a[0] == b[0] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / (pos * neg), label.get("auroc").asDouble(), 1e-12);
        pairs.sort(Comparator.comparingDouble((double[] p) -> p[0]).reversed());
        double ap = 0;
        int tp = 0;
        for (int k = 0; k < pairs.size(); k++) {
            if (pairs.get(k)[1] == 1) {
                tp++;
                ap += (double) tp / (k + 1) / pos;
            }
        }
        assertEquals(ap, label.get("auprc").asDouble(), 1e-12);
        assertEquals(60, label.get("n").asInt());
        assertEquals(pos, label.get("positive").asLong());
        // sigmoid of a QT in ms (hundreds) is 1: every record is called positive, so accuracy = the positive share
        assertEquals((double) pos / 60, label.get("accuracy").asDouble(), 1e-15);

        CliRun bad = CliRun.of("evaluate", "--model", "../models/qt.onnx", "--dataset", store.toString(), "--labels",
                "AFIB");
        assertTrue(bad.exit() != 0);
        assertTrue(bad.err().contains("no label 'AFIB'"), bad.err());
    }
}
