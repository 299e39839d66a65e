package org.heatbench.harness.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.LegacyOptions;
import org.heatbench.harness.OutputGuard;
import org.heatbench.harness.SplitOption;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.training.Evaluator;
import org.heatbench.training.Metrics;
import org.heatbench.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench evaluate}: MAE, RMSE and R² of a regression model on a store split, plus its predictions; with
 * {@code --labels}, AUROC, AUPRC, accuracy and loss of a classifier ({@link ClassifierEvaluation}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Run a regression model (input [N, leads, 600] µV, output [N, 1]) over one split of a store; "
                + "print MAE, RMSE and R² and write the predictions (id, index, split, prediction, truth) as CSV "
                + "or Parquet.",
            "Example: heatbench evaluate --model models/qt.onnx --dataset data/synth --split test"})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model.")
    Path model;

    @Option(names = "--dataset", required = true, description = "Store directory.")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", description = "train, val, test or all "
            + "(default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--target", description = "Target (default: the model's heatbench.target metadata).")
    String target;

    @Option(names = "--records", description = "At most this many records (the first of the split, in store order).")
    Integer records;

    @Option(names = "--max-records", hidden = true, description = "Old spelling of --records (0 = all).")
    Integer maxRecords;

    @Option(names = "--out", description = "Predictions file, .csv or .parquet (default: "
            + "MODEL-SPLIT-predictions.csv next to the model; never replaced without --overwrite).")
    Path out;

    @Option(names = "--predictions", hidden = true, description = "Old spelling of --out.")
    Path predictions;

    @Option(names = "--metrics-json", description = "Also write the metrics as JSON here.")
    Path metricsJson;

    @Option(names = "--overwrite", description = "Replace existing --out and --metrics-json files.")
    boolean overwrite;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Option(names = "--labels", split = ",", description = "Classifier: the store labels (record-metadata.jsonl) of "
            + "the output row's values, in order; prints AUROC, AUPRC, accuracy and mean loss per label instead of "
            + "regression errors (no predictions file).")
    java.util.List<String> labels;

    @Option(names = "--activation", defaultValue = "sigmoid", description = "Classifier outputs: sigmoid "
            + "(multi-label logits), softmax (single-label logits) or probability (already probabilities) "
            + "(default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Classifier decision threshold on the "
            + "probability, for the accuracy (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    public Integer call() {
        if (labels != null && !labels.isEmpty()) {
            return new ClassifierEvaluation(model, dataset, split, labels, activation, threshold, threads,
                    metricsJson, overwrite, records != null ? records : 0).run(spec.commandLine().getOut());
        }
        Path given = LegacyOptions.pick(spec, out, predictions, "--out", "--predictions", false);
        Integer limit = LegacyOptions.pick(spec, records, maxRecords, "--records", "--max-records", false);
        if (limit != null && limit == 0 && maxRecords != null) {
            limit = null; // the old option's 0 meant all
        }
        String splitLabel = SplitOption.label(split);
        Path csv = given != null ? given : model.resolveSibling(
                model.getFileName().toString().replaceFirst("\\.onnx$", "") + "-" + splitLabel + "-predictions.csv");
        if (!PredictionsFile.supported(csv)) {
            throw new ConfigurationException("--out " + csv + ": the predictions file must end "
                    + "in .csv or .parquet");
        }
        Map<String, Path> inputs = PredictCommand.inputs(model, dataset);
        OutputGuard.check("--out", csv, overwrite, inputs);
        if (metricsJson != null) {
            inputs.put("--out", csv);
            OutputGuard.check("--metrics-json", metricsJson, overwrite, inputs);
        }
        OnnxModel m = OnnxModel.load(model);
        Target t = PredictCommand.targetOf(m, model, target, true);
        long t0 = System.nanoTime();
        try (EcgStore store = EcgStore.open(dataset); Evaluator ev = new Evaluator(m, PredictCommand.options(threads))) {
            int[] idx = PredictCommand.limit(SplitOption.indices(store, split, dataset.toString()), limit);
            double[] pred = ev.predict(store, idx);
            PredictionsFile table = PredictCommand.table(store, idx, pred, t);
            Metrics mt = Metrics.of(table.truths(), pred);
            double sec = (System.nanoTime() - t0) / 1e9;
            table.write(csv);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%s on %s (%s split, %d records with a target, %.1f s): MAE %.4g %s, RMSE %.4g %s, "
                    + "R² %.4f, bias %.3g%n", model.getFileName(), dataset, splitLabel, mt.n(), sec, mt.mae(), t.unit(),
                    mt.rmse(), t.unit(), mt.r2(), mt.bias());
            w.println("predictions: " + csv);
            if (metricsJson != null) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("model", model.toString());
                j.put("dataset", dataset.toString());
                j.put("split", splitLabel);
                j.put("target", t.key());
                j.put("unit", t.unit());
                j.put("n", mt.n());
                j.put("mae", mt.mae());
                j.put("rmse", mt.rmse());
                j.put("r2", mt.r2());
                j.put("bias", mt.bias());
                TrainingRun.writeJson(metricsJson, j);
            }
            w.flush();
        }
        return 0;
    }
}
