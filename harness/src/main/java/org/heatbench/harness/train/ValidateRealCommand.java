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
                + "PR 25 ms, QRS 15 ms, R(V5) 20%%, HR within 40-150 bpm), and per store n, bias, MAE, median and "
                + "90th-percentile |error| and the share within the criterion. Each reference's source is shown "
                + "(device, annotated = an expert's marks such as LUDB's, measured = measured by HeatBench at the "
                + "device's fiducials, such as MUSE V5 amplitudes without a 12SL measurement matrix, delineated = "
                + "HeatBench's own delineation); measured references count as references, under their own name; "
                + "delineated references are summarised apart and never count as the model's error. A store the "
                + "model's card names as training data (train --add-train, --val-from), or one sharing a record with "
                + "it (same id and import format), is marked seen in training and kept out of the headline. Records are "
                + "listed for stores of at most 10 records (or with --per-record). With --write-cards store it as the "
                + "card's real_validation section.",
            "Example: heatbench validate-real --model models/qt.onnx --model models/hr.onnx --real work/real/muse "
                + "--real work/real/aecg --write-cards",
            "LUDB (PhysioNet ludb 1.0.1): heatbench dataset import --format wfdb --input ludb/data --median "
                + "--out work/real/ludb --split 0,0; heatbench validate-real --model models/qt.onnx --real work/real/ludb"})
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

    @Option(names = "--per-record", description = "Print every record's row also for stores of more than "
            + RealValidation.PER_RECORD_LIMIT + " records (smaller stores are always listed).")
    boolean perRecord;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        String command = "heatbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        for (Path model : models) {
            Map<String, Object> v = RealValidation.validate(model, stores, threads, command);
            w.printf(Locale.ROOT, "%s (%s; criterion %s): MAE %s over %s records with a device, expert or measured "
                    + "reference, all within: %s%n", model, v.get("unit"), v.get("criterion"), fmt(v.get("mae")),
                    v.get("n_with_reference"), v.get("all_within_criterion"));
            if (v.get("n_repeated_records_excluded") instanceof Integer n && n > 0) {
                w.println("  (" + n + " record(s) given in more than one store counted once)");
            }
            w.println("  by QRS width, all unseen stores: " + strata((Map<?, ?>) v.get("by_qrs_width")));
            for (Object so : (List<?>) v.get("stores")) {
                Map<?, ?> st = (Map<?, ?>) so;
                w.printf(Locale.ROOT, "  store %s: %s records, reference sources %s%s%n", st.get("store"),
                        st.get("records"), st.get("reference_sources"), st.get("seen_in_training") instanceof String r
                                ? "; SEEN IN TRAINING (" + r + "): not counted above" : "");
                w.println("    vs device/expert/measured reference:  " + summary((Map<?, ?>) st.get("summary")));
                w.println("    by QRS width: " + strata((Map<?, ?>) st.get("by_qrs_width")));
                if (st.get("delineated_reference") instanceof Map<?, ?> d) {
                    w.println("    vs HeatBench's delineation (agreement with our delineator, NOT the model's "
                            + "error; excluded above): " + summary(d));
                }
                boolean listed = Boolean.TRUE.equals(st.get("records_listed"));
                if (listed || perRecord) {
                    for (Object o : (List<?>) v.get("records")) {
                        Map<?, ?> r = (Map<?, ?>) o;
                        if (r.get("store").equals(st.get("store"))) {
                            row(w, r);
                        }
                    }
                } else {
                    w.println("    largest errors (rows of all records: --per-record):");
                    for (Object o : (List<?>) st.get("largest_errors")) {
                        row(w, (Map<?, ?>) o);
                    }
                }
            }
            if (writeCards) {
                RealValidation.writeToCard(model, v);
                w.println("  wrote real_validation into the card of " + model);
            }
        }
        w.flush();
        return 0;
    }

    private static void row(PrintWriter w, Map<?, ?> r) {
        w.printf(Locale.ROOT, "    %-14s reference %8s  prediction %8s  error %8s  %-7s  reference: %s%n", r.get("id"),
                fmt(r.get("reference")), fmt(r.get("prediction")), fmt(r.get("error")),
                r.get("within_criterion") == null ? "" : Boolean.TRUE.equals(r.get("within_criterion"))
                        ? "ok" : "OUTSIDE", r.get("reference_source"));
    }

    private static String summary(Map<?, ?> s) {
        Object share = s.get("share_within_criterion");
        return String.format(Locale.ROOT, "n %s, bias %s, MAE %s, median |e| %s, p90 |e| %s, within criterion %s/%s%s",
                s.get("n"), fmt(s.get("bias")), fmt(s.get("mae")), fmt(s.get("median_abs_error")),
                fmt(s.get("p90_abs_error")), s.get("within_criterion"), s.get("criterion_checked"),
                share instanceof Number n ? String.format(Locale.ROOT, " (%.0f%%)", 100 * n.doubleValue()) : "");
    }

    /** One line: n, bias and MAE of each QRS-width group that has records, and the records of unknown width. */
    private static String strata(Map<?, ?> groups) {
        StringBuilder b = new StringBuilder();
        String[] labels = {"< 100 ms", "100-120 ms", ">= 120 ms"};
        int k = 0;
        for (Map.Entry<?, ?> e : groups.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> g) {
                b.append(b.length() > 0 ? "; " : "").append(labels[k++]).append(": n ").append(g.get("n"));
                if (((Number) g.get("n")).intValue() > 0) {
                    b.append(", bias ").append(fmt(g.get("bias"))).append(", MAE ").append(fmt(g.get("mae")));
                }
            }
        }
        Object unknown = groups.get("unknown_qrs");
        return b + (unknown instanceof Number n && n.intValue() > 0 ? "; QRS unknown: " + n : "");
    }

    private static String fmt(Object o) {
        // rounded first, so that -0.04 prints as 0.0, not -0.0
        return o instanceof Number n ? String.format(Locale.ROOT, "%.1f", Math.round(n.doubleValue() * 10) / 10.0 + 0.0)
                : "-";
    }
}
