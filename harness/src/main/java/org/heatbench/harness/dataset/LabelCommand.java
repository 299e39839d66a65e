package org.heatbench.harness.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.truth.SyntheticLabel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code heatbench dataset label PATH}: writes the store's classification labels derived from its measured targets
 * ({@link SyntheticLabel}) as {@code record-metadata.jsonl}. A store that already has that file (an import's labels)
 * is refused, never overwritten. A record with a missing measurement gets unknown labels and is counted.
 */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Derive binary labels with known evidence (AVB1, WIDE_QRS, LONG_QT, STE_V5, TINV_V5, BRADY, "
                + "TACHY) from a store's measured targets and write them as its record-metadata.jsonl.")
final class LabelCommand extends DatasetSubcommand {

    @Parameters(index = "0", paramLabel = "PATH", description = "Store directory (e.g. from 'dataset generate').")
    Path path;

    @Override
    int run() {
        write(path, out());
        return 0;
    }

    /**
     * Labels a store (also {@code dataset generate --labels}): writes {@code record-metadata.jsonl} and prints the
     * counts per label.
     *
     * @throws ConfigurationException when the store already has a {@code record-metadata.jsonl}
     */
    static void write(Path path, java.io.PrintWriter o) {
        if (Files.exists(path.resolve(RecordMetadata.FILE))) {
            throw new ConfigurationException(path.resolve(RecordMetadata.FILE) + " exists (labels of an import or an "
                    + "earlier 'dataset label'); it is not overwritten");
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (SyntheticLabel l : SyntheticLabel.values()) {
            counts.put(l.label(), new long[1]);
        }
        int unknown = 0;
        try (EcgStore store = EcgStore.open(path); RecordMetadata.Writer w = new RecordMetadata.Writer(path)) {
            for (int i = 0; i < store.size(); i++) {
                Map<String, Double> labels = SyntheticLabel.all(store.targets(i));
                if (labels.values().stream().anyMatch(v -> Double.isNaN(v))) {
                    // the sidecar knows a record's labels all or none: a missing measurement makes them unknown
                    w.add(store.id(i), Map.of(), null);
                    unknown++;
                    continue;
                }
                // every label listed with 0 or 1: each name is in the header even without a positive record
                labels.forEach((k, v) -> counts.get(k)[0] += v == 1.0 ? 1 : 0);
                w.add(store.id(i), Map.of(), labels);
            }
            w.finish();
            o.printf(Locale.ROOT, "labelled %d of %d records of %s (%d unknown: a measurement missing)%n",
                    store.size() - unknown, store.size(), path, unknown);
            for (SyntheticLabel l : SyntheticLabel.values()) {
                o.printf(Locale.ROOT, "  %-9s %7d positive  %s; evidence mask %s%n", l.label(),
                        counts.get(l.label())[0], l.rule(), l.maskName());
            }
        }
    }
}
