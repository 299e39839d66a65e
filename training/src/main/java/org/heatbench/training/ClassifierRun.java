package org.heatbench.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.truth.SyntheticLabel;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete classifier training job: {@link ClassifierTrainer train}, export the best-validation model
 * ({@link StevenNet#classifier}: output {@code logit} [N, labels], probability = σ(logit)), evaluate it per label on
 * the validation and test splits, optionally predict real medians against labels derived from their device
 * measurements, and write the JSON model card next to the model.
 *
 * <p>The per-label ranking metrics (AUROC, AUPRC, ...) come from the caller ({@link LabelMetrics}): they live in the
 * perturbation module, which this module does not depend on.
 */
public final class ClassifierRun {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierRun.class);
    /** ONNX metadata key naming the labels, comma-separated in output order. */
    public static final String META_LABELS = "heatbench.labels";
    /** ONNX metadata key naming how an output becomes a probability. */
    public static final String META_ACTIVATION = "heatbench.activation";
    /** ONNX metadata key naming the task. */
    public static final String META_TASK = "heatbench.task";

    /** Metrics of one label: labels y ∈ {0, 1} and logits z of the same records; returns a JSON-ready map. */
    @FunctionalInterface
    public interface LabelMetrics {
        Map<String, Object> of(double[] y, double[] logits);
    }

    private ClassifierRun() {
    }

    /**
     * Runs the job.
     *
     * @param labels label names, in output order ({@code cfg.arch().outputs()} of them)
     * @param initFrom the model whose trunk starts the training, or null
     * @param real stores of real medians to predict (labels derived from their measurements), possibly empty
     * @return the model card as written
     */
    public static Map<String, Object> run(Path storeDir, TrainingConfig cfg, List<String> labels, Path out,
            String command, Path initFrom, LabelMetrics metrics, List<Path> real) {
        return run(storeDir, cfg, labels, out, null, false, command, initFrom, metrics, real);
    }

    /**
     * Runs the job with a {@link Checkpoint} after every epoch, as {@link TrainingRun#run}.
     *
     * @param checkpoint where to checkpoint each epoch ({@code null}: none)
     * @param resume continue from {@code checkpoint}, which must exist and have been written with the same settings
     * @return the model card as written ({@code training.resumed_from_epoch}: 0 for a fresh run)
     */
    public static Map<String, Object> run(Path storeDir, TrainingConfig cfg, List<String> labels, Path out,
            Path checkpoint, boolean resume, String command, Path initFrom, LabelMetrics metrics, List<Path> real) {
        long t0 = System.nanoTime();
        try (EcgStore store = EcgStore.open(storeDir)) {
            String initSha = initFrom != null ? OnnxModel.load(initFrom).sha256() : null;
            ClassifierTrainer.Result r = new ClassifierTrainer(cfg, labels, initFrom).train(store, checkpoint, resume);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put(META_TASK, "classification");
            meta.put(META_LABELS, String.join(",", labels));
            meta.put(META_ACTIVATION, "sigmoid");
            meta.put(TrainingRun.META_ARCH, cfg.arch().name());
            OnnxModel model = StevenNet.classifier(cfg.arch(), r.best(), Normalization.DEFAULT_INPUT_SCALE, meta);
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            model.write(out);
            ExecutionOptions opts = cfg.executionOptions();
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> realSection = null;
            try (Evaluator ev = new Evaluator(OnnxModel.load(out), opts)) {
                for (Split s : List.of(Split.VAL, Split.TEST)) {
                    LabelledSplit d = LabelledSplit.load(store, s, labels, ev.leads(), 0);
                    m.put(s.label(), splitMetrics(d, ev.predictRows(d.data().signals(), d.size(), d.data().samples()),
                            metrics));
                }
                if (!real.isEmpty()) {
                    realSection = realValidation(ev, labels, real, out);
                }
            }
            Map<String, Object> init = null;
            if (initFrom != null) {
                init = new LinkedHashMap<>();
                init.put("model", initFrom.toString());
                init.put("sha256", initSha);
                init.put("what", "every trunk parameter and BatchNormalization statistic taken over; the head "
                        + "(fc, one logit per label) initialised from the seed");
            }
            Map<String, Object> card = card(cfg, labels, r, store, out, model, m, command,
                    (System.nanoTime() - t0) / 1e9, init);
            if (realSection != null) {
                card.put("real_validation", realSection);
            }
            TrainingRun.writeJson(TrainingRun.cardPath(out), card);
            LOG.info("wrote {} and {}", out, TrainingRun.cardPath(out));
            return card;
        }
    }

    /** Per label: n, positives, prevalence and the caller's metrics of the logits. */
    static Map<String, Object> splitMetrics(LabelledSplit d, double[][] logits, LabelMetrics metrics) {
        Map<String, Object> per = new LinkedHashMap<>();
        int nl = d.names().size();
        for (int k = 0; k < nl; k++) {
            double[] y = new double[d.size()];
            double[] z = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                y[i] = d.labels()[i * nl + k];
                z[i] = logits[i][k];
                if (!Double.isFinite(z[i])) {
                    throw new InvalidInputException("the classifier gave a non-finite logit for label "
                            + d.names().get(k) + " of store record " + d.data().indices()[i]);
                }
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("n", d.size());
            x.put("positive", d.positives(k));
            x.put("prevalence", d.size() > 0 ? (double) d.positives(k) / d.size() : null);
            x.putAll(metrics.of(y, z));
            per.put(d.names().get(k), x);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("records", d.size());
        s.put("left_out_unknown_label", d.data().skippedMissing());
        s.put("labels", per);
        return s;
    }

    /**
     * Every record of the real stores: per label the predicted probability and, where the label is a
     * {@link SyntheticLabel} whose measurement the device (or importer) gave, the label derived from it.
     */
    static Map<String, Object> realValidation(Evaluator ev, List<String> labels, List<Path> stores, Path model) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path dir : stores) {
            try (EcgStore store = EcgStore.open(dir)) {
                int[] idx = new int[store.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = i;
                }
                double[][] z = ev.predictRows(store, idx);
                for (int i = 0; i < idx.length; i++) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("store", dir.toString());
                    r.put("source", store.spec().provenance().source());
                    r.put("id", store.id(i));
                    Map<String, Object> per = new LinkedHashMap<>();
                    for (int k = 0; k < labels.size(); k++) {
                        if (!Double.isFinite(z[i][k])) {
                            throw new InvalidInputException("model '" + model + "' gave a non-finite logit for "
                                    + "record '" + store.id(i) + "' of '" + dir + "'");
                        }
                        Map<String, Object> l = new LinkedHashMap<>();
                        l.put("probability", 1 / (1 + Math.exp(-z[i][k])));
                        var syn = SyntheticLabel.byLabel(labels.get(k));
                        var measured = store.targets(i);
                        double truth = syn.map(s -> s.of(measured)).orElse(Double.NaN);
                        l.put("device_label", Double.isNaN(truth) ? null : (int) truth);
                        if (syn.isPresent()) {
                            double v = measured.get(syn.get().evidence());
                            l.put("measurement", syn.get().evidence().key());
                            l.put("measured", Double.isFinite(v) ? v : null);
                            l.put("rule", syn.get().rule());
                        }
                        per.put(labels.get(k), l);
                    }
                    r.put("labels", per);
                    rows.add(r);
                }
            }
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("what", "each real median's predicted probability per label against the label derived from the "
                + "device's (or the importer's) measurements with the synthetic rules; device_label null = the "
                + "measurement is missing. A handful of records: a sanity check, no AUROC is computed.");
        v.put("records", rows);
        return v;
    }

    private static Map<String, Object> card(TrainingConfig cfg, List<String> labels, ClassifierTrainer.Result r,
            EcgStore store, Path out, OnnxModel model, Map<String, Object> metrics, String command,
            double totalSeconds, Map<String, Object> initialisedFrom) {
        Architecture a = cfg.arch();
        Map<String, Object> c = CardSections.header(out, model, command);
        c.put("task", "multi-label classification");
        List<Map<String, Object>> ls = new ArrayList<>();
        for (String l : labels) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("label", l);
            SyntheticLabel.byLabel(l).ifPresent(s -> {
                x.put("rule", s.rule());
                x.put("evidence", s.evidence().key());
            });
            ls.add(x);
        }
        c.put("labels", ls);
        Map<String, Object> io = new LinkedHashMap<>();
        io.put("input", StevenNet.INPUT + " [N, " + a.leads() + ", " + a.samples() + "] float32, µV, leads "
                + Evaluator.leadsFor(a.leads()));
        io.put("output", StevenNet.LOGIT + " [N, " + labels.size() + "] float32: one logit per label, in the order of "
                + "'labels'");
        io.put("activation", "sigmoid: probability of label k = 1 / (1 + exp(-logit_k)); the model outputs logits, "
                + "not probabilities (a study target reads it with activation: sigmoid)");
        io.put("opset", StevenNet.OPSET);
        io.put("input_scale", Normalization.DEFAULT_INPUT_SCALE);
        c.put("io", io);
        c.put("architecture", CardSections.architecture(a));
        Map<String, Object> ds = CardSections.dataset(store);
        ds.put("labels_from", r.labelSource());
        ds.put("train_records_used", r.train().size());
        Map<String, Object> prev = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            prev.put(labels.get(k), (double) r.train().positives(k) / r.train().size());
        }
        ds.put("train_prevalence", prev);
        ds.put("val_records_used_for_selection", r.valRecords());
        c.put("dataset", ds);
        Map<String, Object> tr = CardSections.training(cfg, "binary cross-entropy with logits, mean over records "
                + "and labels: max(z,0) - z*y + log(1 + exp(-|z|)), gradients compiled by HeatBench's backward-graph "
                + "compiler", "val BCE", r.history().size(), r.stopReason(), r.bestEpoch(), initialisedFrom, "none",
                r.trainSeconds(), totalSeconds);
        tr.put("resumed_from_epoch", r.resumedFromEpoch());
        tr.put("history", r.history());
        tr.put("history_fields", "trainLoss and valLoss: mean BCE (nats); valMae: mean |y - p| over records and labels");
        c.put("training", tr);
        c.put("metrics", metrics);
        return c;
    }
}
