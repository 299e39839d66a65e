package org.heatbench.harness.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.importers.MedianSource;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.signal.Delineator;
import org.heatbench.datasets.signal.MedianBeatBuilder;
import org.heatbench.datasets.signal.MedianConfig;
import org.heatbench.datasets.signal.QrsDetector;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.store.StoreWriter;
import picocli.CommandLine.Option;

/**
 * {@code dataset import ... --median}: the options and steps that turn rhythm records into median beats (a picocli
 * mixin, so ImportCommand only hooks it in). Records without a usable median are rejected with the reason; the
 * per-record quality goes to {@value StoreWriter#MEDIAN_REPORT_FILE}; the new store is then delineated at the
 * store's rate, and the source of every value recorded (device for the input's targets, annotated for an expert's
 * marks in the input such as LUDB's, delineated for ours).
 */
final class MedianOptions {
    @Option(names = "--median", description = "Inputs are rhythms: detect beats, average a median beat per record "
            + "(QRS onset placed as MUSE does), measure missing targets and all fiducials (docs/SIGNALS.md).")
    boolean median;

    @Option(names = "--median-onset-ms", defaultValue = "432", description = "--median: where the QRS onset goes in "
            + "the window, ms from its start (default: ${DEFAULT-VALUE} = sample 216 at 500 Hz, as MUSE).")
    double onsetMs;

    /** @return the source wrapped into a median source, or null without {@code --median} */
    MedianSource wrap(RecordSource rhythms, double storeRateHz, int samples, Map<String, String> params) {
        if (!median) {
            return null;
        }
        MedianConfig config = MedianConfig.muse().withWindow(samples * 1000 / storeRateHz, onsetMs);
        params.put("median", "window_ms=" + config.windowMs() + ", onset_ms=" + config.onsetMs() + ", min_correlation="
                + config.minCorrelation() + ", premature_fraction=" + config.prematureFraction() + ", high_pass_hz="
                + config.highPassHz());
        return new MedianSource(rhythms, new MedianBeatBuilder(config, QrsDetector.standard(), Delineator.standard()));
    }

    /** Writes the quality report, delineates the store at its rate with value sources, prints a summary. */
    void finish(Path store, MedianSource medians, PrintWriter out) {
        writeReport(store, medians);
        Map<String, Set<Target>> measured = new HashMap<>();
        Map<String, Set<Target>> annotated = new HashMap<>();
        Map<Target, Long> annotatedCounts = new EnumMap<>(Target.class);
        long found = 0;
        long used = 0;
        long corr = 0;
        long premature = 0;
        long failed = 0;
        long skippedBeats = 0;
        for (MedianSource.Quality q : medians.quality()) {
            found += q.beatsFound();
            used += q.beatsUsed();
            corr += q.rejectedCorrelation();
            premature += q.rejectedPremature();
            failed += q.error() == null ? 0 : 1;
            measured.put(q.id(), q.measuredTargets().stream().map(Target::parse).collect(Collectors.toSet()));
            skippedBeats += q.annotatedBeatsSkipped();
            if (q.error() == null) {
                annotated.put(q.id(), q.annotatedTargets().stream().map(Target::parse).collect(Collectors.toSet()));
                q.annotatedTargets().forEach(k -> annotatedCounts.merge(Target.parse(k), 1L, Long::sum));
            }
        }
        StoreDelineation.Summary s = StoreDelineation.run(store, false, Delineator.standard(), measured, annotated);
        out.printf(Locale.ROOT, "  median beats: %d records, %d without a median; beats found %d, used %d, left out "
                + "%d (low correlation %d, premature %d); per record in %s%n", medians.quality().size(), failed, found,
                used, corr + premature, corr, premature, store.resolve(StoreWriter.MEDIAN_REPORT_FILE));
        if (!annotatedCounts.isEmpty()) {
            out.println("  reference from annotations (experts' marks in the input, source annotated): "
                    + annotatedCounts.entrySet().stream().map(e -> e.getKey().key() + " " + e.getValue())
                            .collect(Collectors.joining(", ")) + " of " + (medians.quality().size() - failed)
                    + " medians (the other medians' values are the device's or HeatBench's delineation: value sources)");
        }
        if (skippedBeats > 0) {
            out.printf(Locale.ROOT, "  annotated beats skipped as inconsistent (boundaries out of order): %d, named in "
                    + "the warnings of %s%n", skippedBeats, store.resolve(StoreWriter.IMPORT_REPORT_FILE));
        }
        out.println("  value sources: " + s.sources());
    }

    private static void writeReport(Path store, MedianSource medians) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode rows = root.putArray("records");
        for (MedianSource.Quality q : medians.quality()) {
            ObjectNode o = rows.addObject().put("id", q.id()).put("beats_found", q.beatsFound())
                    .put("beats_used", q.beatsUsed()).put("rejected_low_correlation", q.rejectedCorrelation())
                    .put("rejected_premature", q.rejectedPremature());
            if (q.annotatedBeatsSkipped() > 0) {
                o.put("annotated_beats_skipped", q.annotatedBeatsSkipped());
            }
            q.measuredTargets().forEach(o.putArray("measured_targets")::add);
            if (!q.annotatedTargets().isEmpty()) {
                q.annotatedTargets().forEach(o.putArray("annotated_targets")::add);
            }
            if (q.error() != null) {
                o.put("error", q.error());
            }
        }
        Path tmp = store.resolve(StoreWriter.MEDIAN_REPORT_FILE + ".tmp");
        try {
            Files.writeString(tmp, json.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, store.resolve(StoreWriter.MEDIAN_REPORT_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the median report in " + store, e);
        }
    }
}
