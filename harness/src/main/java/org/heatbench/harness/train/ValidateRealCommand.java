package org.heatbench.harness.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.training.RealValidation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heatbench validate-real}: each model's error on real median beats, written into its card. */
@Command(name = "validate-real", mixinStandardHelpOptions = true,
        description = {"Predict every record of one or more stores of real median beats (all splits) with each "
                + "model; print reference, prediction and error per record and the acceptance criterion (QT 30 ms, "
                + "PR 25 ms, QRS 15 ms, R(V5) 20%%, HR within 40-150 bpm); with --write-cards store it as the card's "
                + "real_validation section.",
            "Example: heatbench validate-real --model models/qt.onnx --model models/hr.onnx --real work/real/muse "
                + "--real work/real/aecg --write-cards"})
public final class ValidateRealCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model (repeatable).")
    List<Path> models;

    @Option(names = "--real", required = true, description = "Store of real median beats (repeatable).")
    List<Path> stores;

    @Option(names = "--write-cards", description = "Write the result into each model's card (X.json next to X.onnx).")
    boolean writeCards;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        String command = "heatbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        for (Path model : models) {
            Map<String, Object> v = RealValidation.validate(model, stores, threads, command);
            w.printf(Locale.ROOT, "%s (%s; criterion %s): MAE %s over %s records with a reference, all within: %s%n",
                    model, v.get("unit"), v.get("criterion"), fmt(v.get("mae")), v.get("n_with_reference"),
                    v.get("all_within_criterion"));
            for (Object o : (List<?>) v.get("records")) {
                Map<?, ?> r = (Map<?, ?>) o;
                w.printf(Locale.ROOT, "  %-14s reference %8s  prediction %8s  error %8s  %s%n", r.get("id"),
                        fmt(r.get("reference")), fmt(r.get("prediction")), fmt(r.get("error")),
                        r.get("within_criterion") == null ? "" : Boolean.TRUE.equals(r.get("within_criterion"))
                                ? "ok" : "OUTSIDE");
            }
            if (writeCards) {
                RealValidation.writeToCard(model, v);
                w.println("  wrote real_validation into the card of " + model);
            }
        }
        w.flush();
        return 0;
    }

    private static String fmt(Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "-";
    }
}
