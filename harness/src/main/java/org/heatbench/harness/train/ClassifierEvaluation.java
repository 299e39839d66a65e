package org.heatbench.harness.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.truth.LabelColumn;
import org.heatbench.harness.OutputGuard;
import org.heatbench.harness.SplitOption;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.scores.ClassificationMetrics;
import org.heatbench.training.ClassifierRun;
import org.heatbench.training.Evaluator;
import org.heatbench.training.TrainingRun;

/**
 * {@code heatbench evaluate --labels ...}: a classifier's AUROC, average precision (AUPRC), accuracy at a threshold
 * and mean binary cross-entropy per label, on one split of a store with labels. Output value k of each record is
 * label k, unless the model names its labels (metadata {@code heatbench.labels}): then each label's own output.
 * Probabilities come from the activation (sigmoid, softmax over the row, or none). The ranking metrics use the raw
 * output (a monotone transform of the probability: no ties from saturated sigmoids). Records without labels
 * are counted and left out of the metrics, never silently.
 */
record ClassifierEvaluation(Path model, Path dataset, String split, List<String> labels, String activation,
        double threshold, int threads, Path metricsJson, boolean overwrite, int limit) {

    int run(PrintWriter w) {
        if (!List.of("sigmoid", "softmax", "probability").contains(activation)) {
            throw new ConfigurationException("--activation '" + activation + "' is not sigmoid, softmax or probability");
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new ConfigurationException("--threshold must be in (0, 1), got " + threshold);
        }
        if (metricsJson != null) {
            OutputGuard.check("--metrics-json", metricsJson, overwrite, PredictCommand.inputs(model, dataset));
        }
        OnnxModel m = OnnxModel.load(model);
        try (EcgStore store = EcgStore.open(dataset);
                Evaluator ev = new Evaluator(m, PredictCommand.options(threads))) {
            // store labels, or synthetic labels derived from the store's targets (LabelColumn)
            var meta = RecordMetadata.read(dataset);
            double[][] truthColumns = new double[labels.size()][];
            for (int k = 0; k < labels.size(); k++) {
                String l = labels.get(k);
                truthColumns[k] = LabelColumn.of(store, l, meta).map(LabelColumn::values).orElseThrow(() ->
                        new ConfigurationException("--labels: " + dataset + " has no label '" + l + "'"
                                + (meta.isPresent() ? "; its labels are " + meta.get().labelNames()
                                        : " (no " + RecordMetadata.FILE + ")")
                                + " and it is not a synthetic label (derived from the targets: AVB1, WIDE_QRS, "
                                + "LONG_QT, STE_V5, TINV_V5, BRADY, TACHY)"));
            }
            int[] idx = SplitOption.indices(store, split, dataset.toString());
            if (limit > 0 && idx.length > limit) {
                idx = java.util.Arrays.copyOf(idx, limit); // --records: the first of the split, in store order
            }
            int[] outputOf = outputColumns(m);
            double[][] rows = ev.predictRows(store, idx);
            if (rows.length > 0 && rows[0].length < labels.size()) {
                throw new ConfigurationException("model " + model + " has " + rows[0].length + " output value(s) per "
                        + "record; --labels names " + labels.size());
            }
            List<Map<String, Object>> out = new ArrayList<>();
            w.printf(Locale.ROOT, "%s on %s (%s split, %d records, %s outputs)%n", model.getFileName(), dataset,
                    SplitOption.label(split), idx.length, activation);
            w.printf(Locale.ROOT, "  %-12s %6s %9s %9s %7s %7s %9s %10s%n", "label", "n", "positive", "unlabelled",
                    "AUROC", "AUPRC", "accuracy", "mean BCE");
            for (int k = 0; k < labels.size(); k++) {
                List<Double> y = new ArrayList<>();
                List<Double> score = new ArrayList<>();
                List<Double> prob = new ArrayList<>();
                int unlabelled = 0;
                for (int i = 0; i < idx.length; i++) {
                    double truth = truthColumns[k][idx[i]];
                    if (Double.isNaN(truth)) {
                        unlabelled++;
                        continue;
                    }
                    double z = rows[i][outputOf[k]];
                    double p = switch (activation) {
                        case "sigmoid" -> ClassificationMetrics.sigmoid(z);
                        case "softmax" -> ClassificationMetrics.softmax(rows[i])[outputOf[k]];
                        default -> z;
                    };
                    y.add(truth);
                    score.add(activation.equals("softmax") ? p : z);
                    prob.add(p);
                }
                double[] ya = y.stream().mapToDouble(Double::doubleValue).toArray();
                double[] sa = score.stream().mapToDouble(Double::doubleValue).toArray();
                double[] pa = prob.stream().mapToDouble(Double::doubleValue).toArray();
                double bce = 0;
                long pos = 0;
                for (int i = 0; i < ya.length; i++) {
                    bce += ClassificationMetrics.binaryCrossEntropy(ya[i], pa[i]) / ya.length;
                    pos += ya[i] >= 0.5 ? 1 : 0;
                }
                double auroc = ya.length == 0 ? Double.NaN : ClassificationMetrics.auroc(ya, sa);
                double ap = ya.length == 0 ? Double.NaN : ClassificationMetrics.averagePrecision(ya, sa);
                double acc = ClassificationMetrics.accuracy(ya, pa, threshold);
                w.printf(Locale.ROOT, "  %-12s %6d %9d %9d %7.4f %7.4f %9.4f %10.4f%n", labels.get(k), ya.length, pos,
                        unlabelled, auroc, ap, acc, ya.length == 0 ? Double.NaN : bce);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("label", labels.get(k));
                j.put("n", ya.length);
                j.put("positive", pos);
                j.put("unlabelled", unlabelled);
                j.put("auroc", finite(auroc));
                j.put("auprc", finite(ap));
                j.put("accuracy", finite(acc));
                j.put("mean_bce", ya.length == 0 ? null : bce);
                out.add(j);
            }
            if (metricsJson != null) {
                Map<String, Object> j = new HashMap<>();
                j.put("model", model.toString());
                j.put("dataset", dataset.toString());
                j.put("split", SplitOption.label(split));
                j.put("activation", activation);
                j.put("threshold", threshold);
                j.put("labels", out);
                TrainingRun.writeJson(metricsJson, new java.util.TreeMap<>(j));
            }
            w.flush();
        }
        return 0;
    }

    /**
     * Output column of each {@code --labels} entry: a model that names its labels (metadata {@code heatbench.labels},
     * as {@code heatbench train --task classification} writes) is read by name, so any subset in any order is
     * scored against its own logit; otherwise label k is output value k.
     */
    private int[] outputColumns(OnnxModel m) {
        int[] col = new int[labels.size()];
        List<String> named = m.proto().getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals(ClassifierRun.META_LABELS))
                .map(p -> List.of(p.getValue().split(","))).findFirst().orElse(null);
        for (int k = 0; k < col.length; k++) {
            col[k] = named == null ? k : named.indexOf(labels.get(k));
            if (col[k] < 0) {
                throw new ConfigurationException("--labels: model " + model + " has no output for label '"
                        + labels.get(k) + "'; its labels are " + named);
            }
        }
        return col;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
