package org.heatbench.harness.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.OutputGuard;
import org.heatbench.harness.SplitOption;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.training.CardSummary;
import org.heatbench.training.Evaluator;
import org.heatbench.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench predict}: a regression model's output for every selected record of a store, with the truth where
 * the store has it. Unlike {@code evaluate} it needs no target and no non-empty split of a particular kind:
 * {@code --split all} predicts every record (a one-record store included).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model's prediction for every selected record of a store: id, index, split, prediction, "
                + "truth (NaN where unknown), as CSV (.csv) or Parquet (.parquet). Where records have a QRS of 120 ms or "
                + "wider and the model's card (X.json) measured its error on real medians that wide, a note on "
                + "standard error gives that error.",
            "Example: heatbench predict --model models/qt.onnx --dataset data/synth --split all --out qt.csv"})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model: input [N, leads, 600] µV, output [N, 1].")
    Path model;

    @Option(names = "--dataset", required = true, description = "Store directory.")
    Path dataset;

    @Option(names = "--split", defaultValue = SplitOption.ALL, description = "train, val, test or all "
            + "(default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--target", description = "Target whose values fill the truth column (default: the model's "
            + "heatbench.target metadata; without either, truth is NaN).")
    String target;

    @Option(names = "--records", description = "At most this many records (the first of the split, in store order).")
    Integer records;

    @Option(names = "--out", required = true, description = "Predictions file: .csv or .parquet.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out file.")
    boolean overwrite;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Override
    public Integer call() {
        if (!PredictionsFile.supported(out)) {
            throw new ConfigurationException("--out " + out + ": the predictions file must end in .csv or .parquet");
        }
        OutputGuard.check("--out", out, overwrite, inputs(model, dataset));
        OnnxModel m = OnnxModel.load(model);
        Target t = targetOf(m, model, target, false);
        long t0 = System.nanoTime();
        try (EcgStore store = EcgStore.open(dataset)) {
            int[] idx = limit(SplitOption.indices(store, split, dataset.toString()), records);
            double[] pred;
            try (Evaluator ev = new Evaluator(m, options(threads))) {
                pred = ev.predict(store, idx);
            }
            PredictionsFile file = table(store, idx, pred, t);
            file.write(out);
            long nonFinite = Arrays.stream(pred).filter(v -> !Double.isFinite(v)).count();
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%s on %s: %d predictions (%s split%s) in %.1f s -> %s%n", model.getFileName(),
                    dataset, idx.length, SplitOption.label(split), t == null ? ", no target: truth NaN"
                            : ", truth " + t.key() + " in " + t.unit(), (System.nanoTime() - t0) / 1e9, out);
            w.flush();
            if (nonFinite > 0) {
                spec.commandLine().getErr().printf(Locale.ROOT, "heatbench predict: warning: %d of %d predictions are "
                        + "NaN or infinite (written as such)%n", nonFinite, idx.length);
                spec.commandLine().getErr().flush();
            }
            String note = wideQrsNote(m, store, idx);
            if (note != null) {
                spec.commandLine().getErr().println("heatbench predict: note: " + note);
                spec.commandLine().getErr().flush();
            }
        }
        return 0;
    }

    /**
     * Where the predicted records include wide complexes (the store's QRS ≥ 120 ms, whatever its source) and the
     * model's own card measured its error on real medians that wide, that error: the group models trained on
     * synthetic beats read worst (models/README.md), which a user should see beside such predictions. Null when
     * there is nothing to say: no card, a card of another model, no wide-QRS figure on it, or no wide record.
     */
    private String wideQrsNote(OnnxModel m, EcgStore store, int[] idx) {
        Optional<CardSummary> card;
        try {
            card = CardSummary.of(model);
        } catch (InvalidInputException e) {
            return null; // a broken card does not stop predictions; validate-real and reports name it
        }
        if (card.isEmpty() || card.get().realWide() == null || !m.sha256().equals(card.get().cardSha256())) {
            return null;
        }
        double[] qrs = store.targetValues(Target.QRS);
        long wide = Arrays.stream(idx).filter(i -> CardSummary.WideQrsError.covers(qrs[i])).count();
        if (wide == 0) {
            return null;
        }
        CardSummary.WideQrsError e = card.get().realWide();
        String unit = e.unit().isEmpty() ? "" : " " + e.unit();
        return String.format(Locale.ROOT, "%d of %d records have a QRS of 120 ms or wider (the store's QRS); on real "
                + "medians that wide this model's card reports bias %+.1f%s, MAE %.1f%s (n %d; %s, "
                + "real_validation.by_qrs_width)", wide, idx.length, e.bias(), unit, e.mae(), unit, e.n(),
                card.get().card());
    }

    static PredictionsFile table(EcgStore store, int[] idx, double[] pred, Target t) {
        double[] all = t == null ? null : store.targetValues(t);
        String[] ids = new String[idx.length];
        String[] splits = new String[idx.length];
        double[] truth = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            ids[i] = store.id(idx[i]);
            splits[i] = store.split(idx[i]).label();
            truth[i] = all == null ? Double.NaN : all[idx[i]];
        }
        return new PredictionsFile(ids, idx, splits, pred, truth);
    }

    static Map<String, Path> inputs(Path model, Path dataset) {
        Map<String, Path> in = new LinkedHashMap<>();
        in.put("--model", model);
        in.put("--dataset", dataset);
        return in;
    }

    static ExecutionOptions options(int threads) {
        return threads > 0 ? ExecutionOptions.defaults().withIntraOpThreads(threads) : ExecutionOptions.defaults();
    }

    static int[] limit(int[] idx, Integer records) {
        if (records == null) {
            return idx;
        }
        if (records < 1) {
            throw new ConfigurationException("--records must be >= 1, got " + records);
        }
        return Arrays.copyOf(idx, Math.min(records, idx.length));
    }

    /**
     * @param required whether a missing target is an error (evaluate) or leaves the truth unknown (predict)
     * @return the target named by the option or the model's metadata, or null
     */
    static Target targetOf(OnnxModel m, Path model, String option, boolean required) {
        if (option != null) {
            return Target.parse(option);
        }
        String key = m.proto().getMetadataPropsList().stream().filter(p -> p.getKey().equals(TrainingRun.META_TARGET))
                .map(p -> p.getValue()).findFirst().orElse(null);
        if (key == null && required) {
            throw new ConfigurationException("model '" + model + "' names no target (metadata "
                    + TrainingRun.META_TARGET + "): pass --target");
        }
        return key == null ? null : Target.parse(key);
    }
}
