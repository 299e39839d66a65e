package org.heatbench.harness.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.realism.RealismComparison;
import org.heatbench.datasets.realism.RealismReport;
import org.heatbench.datasets.store.EcgStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code heatbench dataset compare}: how close a synthetic store's medians are to real ones, measured. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare real median beats with a synthetic store on measurable features (intervals, per-lead "
                + "amplitudes, QRS axis, QRS-onset position, activity before P and after T): per feature the "
                + "1-Wasserstein distance (also in synthetic SDs), the Kolmogorov-Smirnov statistic and each real "
                + "value's percentile among the synthetic ones; per real record its nearest synthetic neighbours "
                + "(RMS z-score distance) against the synthetic records' own nearest-neighbour distances.",
            "Example: heatbench dataset compare --real work/real/muse --synthetic data/synth --max-synthetic 5000"})
final class CompareCommand extends DatasetSubcommand {

    @Option(names = "--real", required = true, description = "Store of real median beats (heatbench dataset import).")
    Path real;

    @Option(names = "--synthetic", required = true, description = "Synthetic store (heatbench dataset generate).")
    Path synthetic;

    @Option(names = "--max-synthetic", defaultValue = "5000",
            description = "Synthetic records compared, the first ones (0 = all; default: ${DEFAULT-VALUE}).")
    int maxSynthetic;

    @Option(names = "--neighbours", defaultValue = "3",
            description = "Nearest synthetic neighbours listed per real record (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--json", description = "Also write the full comparison as JSON here.")
    Path json;

    @Override
    int run() {
        if (neighbours < 1 || maxSynthetic < 0) {
            throw new ConfigurationException("--neighbours must be >= 1 and --max-synthetic >= 0");
        }
        RealismReport rep;
        try (EcgStore r = EcgStore.open(real); EcgStore s = EcgStore.open(synthetic)) {
            rep = RealismComparison.compare(r, s, maxSynthetic, neighbours);
        }
        PrintWriter w = out();
        w.printf(Locale.ROOT, "real %s (%d records) vs synthetic %s (%d records)%n", rep.realStore(),
                rep.realRecords(), rep.syntheticStore(), rep.syntheticRecords());
        w.printf(Locale.ROOT, "%-16s %-4s %7s %10s %10s %9s %9s %7s %6s  %s%n", "feature", "unit", "real n",
                "real mean", "synth mean", "synth SD", "W1", "W1/SD", "KS", "real percentiles");
        for (RealismReport.FeatureRow f : rep.features()) {
            StringBuilder pct = new StringBuilder();
            for (double p : f.percentiles()) {
                pct.append(Double.isNaN(p) ? "  -  " : String.format(Locale.ROOT, "%5.2f", p)).append(' ');
            }
            w.printf(Locale.ROOT, "%-16s %-4s %7d %10.1f %10.1f %9.1f %9.1f %7.2f %6.2f  %s%n", f.name(), f.unit(),
                    f.realN(), f.realMean(), f.synthMean(), f.synthSd(), f.wasserstein(), f.wassersteinSd(), f.ks(),
                    pct.toString().trim());
        }
        w.printf(Locale.ROOT, "nearest synthetic neighbours (RMS z-distance; synthetic-to-synthetic nearest: median "
                + "%.2f, 95th percentile %.2f)%n", rep.syntheticNnMedian(), rep.syntheticNnP95());
        for (RealismReport.RealNeighbours n : rep.neighbours()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n.ids().size(); i++) {
                sb.append(String.format(Locale.ROOT, "%s (%.2f) ", n.ids().get(i), n.distances()[i]));
            }
            w.printf(Locale.ROOT, "  %-20s %2d features: %s%s%n", n.id(), n.features(), sb.toString().trim(),
                    n.distances().length > 0 && n.distances()[0] > rep.syntheticNnP95() ? "  [outside]" : "");
        }
        if (json != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rep);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json, e);
            }
            w.println("wrote " + json);
        }
        w.flush();
        return 0;
    }
}
