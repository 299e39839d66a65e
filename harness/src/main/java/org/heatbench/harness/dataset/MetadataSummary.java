package org.heatbench.harness.dataset;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.heatbench.datasets.store.RecordMetadata;

/** The labels and per-record metadata part of {@code dataset info} (from {@value RecordMetadata#FILE}). */
final class MetadataSummary {
    private static final int SHOWN_LABELS = 30;

    private MetadataSummary() {
    }

    static void print(Path store, PrintWriter o) {
        Optional<RecordMetadata> read = RecordMetadata.read(store);
        if (read.isEmpty()) {
            o.println("labels      none (no " + RecordMetadata.FILE + ")");
            return;
        }
        RecordMetadata m = read.get();
        int labelled = 0;
        long[] positives = new long[m.labelNames().size()];
        double[] likelihood = new double[positives.length];
        Map<String, Integer> metaKeys = new TreeMap<>();
        for (int i = 0; i < m.size(); i++) {
            m.metadata(i).keySet().forEach(k -> metaKeys.merge(k, 1, Integer::sum));
            if (!m.hasLabels(i)) {
                continue;
            }
            labelled++;
            double[] v = m.labels(i);
            for (int k = 0; k < v.length; k++) {
                if (v[k] > 0) {
                    positives[k]++;
                    likelihood[k] += v[k];
                }
            }
        }
        o.printf(Locale.ROOT, "labels      %d binary labels, %d of %d records labelled%n", positives.length,
                labelled, m.size());
        if (positives.length > 0) {
            o.printf(Locale.ROOT, "            %-12s %9s %8s %15s%n", "name", "positive", "share", "mean likelihood");
        }
        for (int k = 0; k < Math.min(SHOWN_LABELS, positives.length); k++) {
            o.printf(Locale.ROOT, "            %-12s %9d %7.1f%% %15.2f%n", m.labelNames().get(k), positives[k],
                    labelled == 0 ? 0.0 : 100.0 * positives[k] / labelled,
                    positives[k] == 0 ? Double.NaN : likelihood[k] / positives[k]);
        }
        if (positives.length > SHOWN_LABELS) {
            o.printf(Locale.ROOT, "            ... and %d more labels%n", positives.length - SHOWN_LABELS);
        }
        StringBuilder keys = new StringBuilder();
        metaKeys.forEach((k, n) -> keys.append(keys.length() == 0 ? "" : ", ").append(k).append(' ').append(n));
        o.println("metadata    " + (keys.length() == 0 ? "none" : keys + " (records that have it)"));
    }
}
