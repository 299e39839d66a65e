package org.heatbench.harness.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.training.Evaluator;
import org.heatbench.training.Metrics;
import org.heatbench.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heatbench evaluate}: MAE, RMSE and R² of a regression model on a store split, plus its predictions. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Run a regression model (input [N, leads, 600] µV, output [N, 1]) over one split of a store; "
                + "print MAE, RMSE and R² and write the predictions as CSV (id, index, target, prediction).",
            "Example: heatbench evaluate --model models/qt.onnx --dataset data/synth --split test"})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model.")
    Path model;

    @Option(names = "--dataset", required = true, description = "Store directory.")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", description = "train, val or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--target", description = "Target (default: the model's heatbench.target metadata).")
    String target;

    @Option(names = "--max-records", defaultValue = "0", description = "At most this many records (0 = all).")
    int maxRecords;

    @Option(names = "--predictions", description = "CSV to write (default: MODEL-SPLIT-predictions.csv next to "
            + "the model).")
    Path predictions;

    @Option(names = "--metrics-json", description = "Also write the metrics as JSON here.")
    Path metricsJson;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Override
    public Integer call() {
        OnnxModel m = OnnxModel.load(model);
        String key = target;
        if (key == null) {
            key = m.proto().getMetadataPropsList().stream().filter(p -> p.getKey().equals(TrainingRun.META_TARGET))
                    .map(p -> p.getValue()).findFirst().orElseThrow(() -> new ConfigurationException("model '"
                            + model + "' names no target (metadata " + TrainingRun.META_TARGET + "): pass --target"));
        }
        Target t = Target.parse(key);
        Split s = Split.parse(split);
        ExecutionOptions opts = threads > 0 ? ExecutionOptions.defaults().withIntraOpThreads(threads)
                : ExecutionOptions.defaults();
        long t0 = System.nanoTime();
        try (EcgStore store = EcgStore.open(dataset); Evaluator ev = new Evaluator(m, opts)) {
            double[] all = store.targetValues(t);
            int[] idx = store.indicesOf(s);
            if (maxRecords > 0 && idx.length > maxRecords) {
                idx = java.util.Arrays.copyOf(idx, maxRecords);
            }
            double[] pred = ev.predict(store, idx);
            double[] y = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                y[i] = all[idx[i]];
            }
            Metrics mt = Metrics.of(y, pred);
            double sec = (System.nanoTime() - t0) / 1e9;
            Path csv = predictions != null ? predictions : model.resolveSibling(
                    model.getFileName().toString().replaceFirst("\\.onnx$", "") + "-" + s.label() + "-predictions.csv");
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("id,index,target,prediction\n");
                for (int i = 0; i < idx.length; i++) {
                    w.write(store.id(idx[i]) + "," + idx[i] + "," + y[i] + "," + (float) pred[i] + "\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + csv, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s on %s (%s split, %d records with a target, %.1f s): MAE %.4g %s, RMSE %.4g %s, "
                    + "R² %.4f, bias %.3g%n", model.getFileName(), dataset, s.label(), mt.n(), sec, mt.mae(), t.unit(),
                    mt.rmse(), t.unit(), mt.r2(), mt.bias());
            out.println("predictions: " + csv);
            if (metricsJson != null) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("model", model.toString());
                j.put("dataset", dataset.toString());
                j.put("split", s.label());
                j.put("target", t.key());
                j.put("unit", t.unit());
                j.put("n", mt.n());
                j.put("mae", mt.mae());
                j.put("rmse", mt.rmse());
                j.put("r2", mt.r2());
                j.put("bias", mt.bias());
                TrainingRun.writeJson(metricsJson, j);
            }
            out.flush();
        }
        return 0;
    }
}
