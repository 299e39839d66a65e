package org.heatbench.harness.train;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.harness.OutputGuard;
import org.heatbench.datasets.truth.SyntheticLabel;
import org.heatbench.perturbation.scores.ClassificationMetrics;
import org.heatbench.training.AddedTraining;
import org.heatbench.training.Architecture;
import org.heatbench.training.ClassifierRun;
import org.heatbench.training.Augmentation;
import org.heatbench.training.TrainingConfig;
import org.heatbench.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench train}: trains a StevenNet regressor ({@code --task regression}, MSE) or multi-label classifier
 * ({@code --task classification}, binary cross-entropy with logits over {@code --labels}) through HeatBench's compiled
 * backward graphs.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a StevenNet-family regressor for one target, or a multi-label classifier (one logit per "
                + "label), on a median-beat store (train split; best validation epoch kept) and write a plain ONNX "
                + "model plus a JSON model card (x.onnx -> x.json).",
            "Gradients come from HeatBench's ONNX backward-graph compiler, run by ONNX Runtime.",
            "Example: heatbench train --dataset data/synth --target qt --arch stevennet-compact --out models/qt.onnx",
            "Example: heatbench train --task classification --dataset data/synth --labels AVB1,WIDE_QRS "
                + "--out models/classifier.onnx"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, description = "Store directory (heatbench dataset generate/import).")
    Path dataset;

    @Option(names = "--task", defaultValue = "regression",
            description = "regression (one --target, MSE) or classification (--labels, binary cross-entropy with "
                    + "logits; output 'logit' [N, labels], probability = sigmoid) (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--target",
            description = "Regression target: hr, pr, qrs, qt, t_amp_v5, r_amp_v5, stj_v5 (or the study's names).")
    String target;

    @Option(names = "--labels", split = ",", description = "Classification labels, in output order: store labels "
            + "(record-metadata.jsonl) or synthetic labels derived from the store's targets (default: all seven: "
            + "AVB1, WIDE_QRS, LONG_QT, STE_V5, TINV_V5, BRADY, TACHY).")
    java.util.List<String> labels;

    @Option(names = "--real", description = "Classification: a store of real medians (repeatable) whose predicted "
            + "probabilities are written on the card beside the labels derived from their device measurements.")
    java.util.List<Path> real;

    @Option(names = "--arch", defaultValue = "stevennet-compact",
            description = "stevennet-compact or stevennet (the study's model) (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--leads", defaultValue = "8", description = "Input leads: 8 (I, II, V1-V6) or 12 "
            + "(default: ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--epochs", defaultValue = "100", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.008", description = "Initial Adam learning rate "
            + "(default: ${DEFAULT-VALUE}, the study's).")
    double lr;

    @Option(names = "--lr-factor", defaultValue = "0.5", description = "ReduceLROnPlateau factor "
            + "(default: ${DEFAULT-VALUE}).")
    double lrFactor;

    @Option(names = "--patience", defaultValue = "10", description = "ReduceLROnPlateau patience in epochs "
            + "(default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights and shuffles (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-train", defaultValue = "0",
            description = "Use at most this many training records, first in store order (0 = all; default: ${DEFAULT-VALUE}).")
    int maxTrain;

    @Option(names = "--max-val", defaultValue = "0",
            description = "Use at most this many validation records for model selection (0 = all; default: ${DEFAULT-VALUE}).")
    int maxVal;

    @Option(names = "--max-minutes", defaultValue = "0",
            description = "Time budget: start no epoch that would end after it (0 = none; default: ${DEFAULT-VALUE}).")
    double maxMinutes;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Option(names = "--bn-batches", defaultValue = "" + TrainingConfig.DEFAULT_BN_BATCHES,
            description = "Training batches over which BatchNormalization running statistics are re-estimated after "
                    + "every epoch (precise BN); 0 = momentum averages only, as PyTorch (default: ${DEFAULT-VALUE}).")
    int bnBatches;

    @Option(names = "--init-from", description = "Start from the parameters of this model (exported by heatbench "
            + "train for the same architecture): fine-tuning; the card records it with its SHA-256.")
    Path initFrom;

    @Option(names = "--augment", defaultValue = "none",
            description = "Training augmentation: none, default (p=0.8,scale=1.25,shift=10,offset=30,wander=50,"
                    + "noise=10), realistic (default plus tail=60: window-end steps and bumps, what real medians "
                    + "show after the T wave) or key=value,... with keys p, scale, shift, offset, wander, noise, tail "
                    + "(default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--add-train", description = "Regression: a further store (repeatable) whose train split joins "
            + "every epoch, e.g. real medians with expert or device intervals mixed into synthetic training; the "
            + "target standardisation and model selection stay the --dataset's (the card lists it under "
            + "dataset.added_training).")
    java.util.List<Path> addTrain;

    @Option(names = "--add-repeat", defaultValue = "1", description = "Copies of each --add-train record per epoch: "
            + "the weight of a small store beside a large one (default: ${DEFAULT-VALUE}).")
    int addRepeat;

    @Option(names = "--add-repeat-wide", defaultValue = "0", description = "Copies per epoch of each --add-train "
            + "record whose reference QRS is 120 ms or wider (bundle-branch block, pacing: a tenth of a typical real "
            + "set and the group models read worst), to weight them apart; 0: as --add-repeat (default: "
            + "${DEFAULT-VALUE}).")
    int addRepeatWide;

    @Option(names = "--val-from", description = "Regression: select the best epoch (and schedule the learning rate) "
            + "on this store's validation split instead of the --dataset's, e.g. real medians held out from an "
            + "--add-train store imported with --split 0.75,0.25 (card: dataset.validation_store).")
    Path valFrom;

    @Option(names = "--out", required = true, description = "ONNX file to write; the card goes next to it (.json).")
    Path out;

    @Option(names = "--checkpoint", description = "Checkpoint file written after every epoch, regression and "
            + "classification (default: OUT.ckpt).")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue from the checkpoint, which must exist (same settings "
            + "required).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing model, card and checkpoint at --out.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (task.equals("classification")) {
            return classification();
        }
        if (!task.equals("regression")) {
            throw new ConfigurationException("--task '" + task + "' is not regression or classification");
        }
        if (target == null) {
            throw new ConfigurationException("--target is required for --task regression");
        }
        if (labels != null || real != null) {
            throw new ConfigurationException("--labels and --real are for --task classification");
        }
        Target t = Target.parse(target);
        TrainingConfig cfg = TrainingConfig.study(Architecture.named(arch, leads), t).withEpochs(epochs)
                .withBatch(batch).withLr(lr).withPatience(patience).withSeed(seed).withLimits(maxTrain, maxVal)
                .withMaxMinutes(maxMinutes).withThreads(threads).withLrFactor(lrFactor).withBnBatches(bnBatches)
                .withAugmentation(Augmentation.parse(augment));
        java.util.List<AddedTraining> added = new java.util.ArrayList<>();
        for (Path a : addTrain != null ? addTrain : java.util.List.<Path>of()) {
            if (!Files.exists(a.resolve("manifest.json"))) {
                throw new ConfigurationException("--add-train " + a + " is not a store (no manifest.json)");
            }
            added.add(AddedTraining.of(a).withRepeat(addRepeat).withWideRepeat(addRepeatWide));
        }
        if (added.isEmpty() && (addRepeat != 1 || addRepeatWide != 0)) {
            throw new ConfigurationException((addRepeat != 1 ? "--add-repeat" : "--add-repeat-wide")
                    + " needs an --add-train store");
        }
        if (valFrom != null && !Files.exists(valFrom.resolve("manifest.json"))) {
            throw new ConfigurationException("--val-from " + valFrom + " is not a store (no manifest.json)");
        }
        Path ckpt = defaultCheckpoint();
        checkOutputs(ckpt);
        String command = "heatbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Map<String, Object> card = TrainingRun.run(dataset, cfg, out, ckpt, resume, command, initFrom, added,
                valFrom);
        PrintWriter w = spec.commandLine().getOut();
        Map<?, ?> metrics = (Map<?, ?>) card.get("metrics");
        for (String s : new String[] {"train", "val", "test"}) {
            Map<?, ?> m = (Map<?, ?>) metrics.get(s);
            w.printf(Locale.ROOT, "%-5s n=%-6d MAE %.4g  RMSE %.4g  R² %.4f  %s%n", s, (Integer) m.get("n"),
                    (Double) m.get("mae"), (Double) m.get("rmse"), (Double) m.get("r2"), t.unit());
        }
        w.println("wrote " + out + " and " + TrainingRun.cardPath(out));
        w.flush();
        return 0;
    }

    private int classification() {
        java.util.List<String> names = labels != null ? labels : java.util.Arrays.stream(SyntheticLabel.values())
                .map(SyntheticLabel::label).toList();
        if (target != null || !augment.equals("none") || addTrain != null || valFrom != null) {
            throw new ConfigurationException("--task classification takes --labels, not --target, and supports no "
                    + "--augment, --add-train or --val-from");
        }
        if (names.isEmpty() || new java.util.HashSet<>(names).size() != names.size() || names.contains("")) {
            throw new ConfigurationException("--labels must name distinct, non-empty labels; got " + names);
        }
        java.util.List<Path> reals = real != null ? real : java.util.List.of();
        for (Path r : reals) {
            if (!Files.exists(r.resolve("manifest.json"))) {
                throw new ConfigurationException("--real " + r + " is not a store (no manifest.json)");
            }
        }
        TrainingConfig cfg = TrainingConfig.study(Architecture.named(arch, leads).withOutputs(names.size()), null)
                .withEpochs(epochs).withBatch(batch).withLr(lr).withPatience(patience).withSeed(seed)
                .withLimits(maxTrain, maxVal).withMaxMinutes(maxMinutes).withThreads(threads).withLrFactor(lrFactor)
                .withBnBatches(bnBatches);
        Path ckpt = defaultCheckpoint();
        checkOutputs(ckpt);
        String command = "heatbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Map<String, Object> card = ClassifierRun.run(dataset, cfg, names, out, ckpt, resume, command, initFrom,
                TrainCommand::labelMetrics, reals);
        PrintWriter w = spec.commandLine().getOut();
        Map<?, ?> test = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) card.get("metrics")).get("test")).get("labels");
        w.printf(Locale.ROOT, "test split: %-9s %6s %10s %7s %7s%n", "label", "n", "prevalence", "AUROC", "AUPRC");
        for (String l : names) {
            Map<?, ?> m = (Map<?, ?>) test.get(l);
            w.printf(Locale.ROOT, "            %-9s %6d %10.4f %7.4f %7.4f%n", l, (Integer) m.get("n"),
                    num(m.get("prevalence")), num(m.get("auroc")), num(m.get("auprc")));
        }
        w.println("wrote " + out + " and " + TrainingRun.cardPath(out));
        w.flush();
        return 0;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * One label's metrics from its 0/1 labels and logits: AUROC and AUPRC (average precision) on the logits (no
     * ties from a saturated sigmoid), accuracy at p = 0.5 and mean binary cross-entropy of σ(z); null where a
     * metric is undefined (a single class).
     */
    static Map<String, Object> labelMetrics(double[] y, double[] z) {
        double[] p = new double[z.length];
        double bce = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = ClassificationMetrics.sigmoid(z[i]);
            bce += ClassificationMetrics.binaryCrossEntropy(y[i], p[i]);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auroc", finite(y.length == 0 ? Double.NaN : ClassificationMetrics.auroc(y, z)));
        m.put("auprc", finite(y.length == 0 ? Double.NaN : ClassificationMetrics.averagePrecision(y, z)));
        m.put("accuracy_at_0.5", finite(ClassificationMetrics.accuracy(y, p, 0.5)));
        m.put("mean_bce", y.length == 0 ? null : bce / y.length);
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** @return {@code --checkpoint}, by default {@code OUT.ckpt} next to the model */
    private Path defaultCheckpoint() {
        return checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".ckpt");
    }

    /**
     * Before any epoch: the model, card and checkpoint are not the store, and replace nothing without
     * {@code --overwrite}; {@code --resume} continues (and so rewrites) the model its checkpoint belongs to.
     */
    private void checkOutputs(Path ckpt) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--dataset", dataset);
        if (addTrain != null) {
            for (int i = 0; i < addTrain.size(); i++) {
                inputs.put("--add-train " + addTrain.get(i), addTrain.get(i));
            }
        }
        if (valFrom != null) {
            inputs.put("--val-from", valFrom);
        }
        if (real != null) {
            for (Path r : real) {
                inputs.put("--real " + r, r);
            }
        }
        boolean replace = overwrite || resume;
        OutputGuard.check("--out", out, replace, inputs);
        inputs.put("--out", out);
        OutputGuard.check("the model card", TrainingRun.cardPath(out), replace, inputs);
        OutputGuard.notAnInput("--checkpoint", ckpt, inputs);
        if (!resume) {
            OutputGuard.check("--checkpoint", ckpt, overwrite, inputs);
        } else if (!Files.exists(ckpt)) {
            throw new ConfigurationException("--resume: checkpoint " + ckpt + " does not exist "
                    + "(nothing to resume); drop --resume to start a new training");
        }
    }
}
