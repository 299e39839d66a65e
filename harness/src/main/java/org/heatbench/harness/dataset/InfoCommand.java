package org.heatbench.harness.dataset;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.SampleType;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code heatbench dataset info PATH}: what a store holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a store's counts, leads, sampling, provenance, splits, target statistics, missing values, "
                + "each target's value sources (device, annotated, measured, delineated, generator, unknown) and known "
                + "fiducials (reads metadata only, no signals).")
final class InfoCommand extends DatasetSubcommand {

    @Parameters(index = "0", paramLabel = "PATH", description = "Store directory.")
    Path path;

    @Override
    int run() {
        try (EcgStore store = EcgStore.open(path)) {
            StoreManifest m = store.manifest();
            StoreSpec s = store.spec();
            StoreStatistics stats = StoreStatistics.of(store);
            var o = out();
            o.printf(Locale.ROOT, "store       %s%n", path);
            o.printf(Locale.ROOT, "records     %d in %d shards of up to %d (%s%s, %.1f MB)%n", store.size(),
                    m.shards().size(), s.shardSize(), s.sampleType().label()
                            + (s.sampleType() == SampleType.INT16 ? " x " + s.scaleUv() + " uV" : ""),
                    s.deflateLevel() == 0 ? ", uncompressed" : ", deflate " + s.deflateLevel(),
                    GenerateCommand.directoryBytes(path) / 1e6);
            o.printf(Locale.ROOT, "leads       %s (%d)%n", String.join(", ", Lead.labels(s.leads())), s.leads().size());
            o.printf(Locale.ROOT, "sampling    %s Hz x %d samples (%.3f s), amplitudes in uV%n",
                    trim(s.samplingRateHz()), s.samples(), s.samples() / s.samplingRateHz());
            o.printf(Locale.ROOT, "provenance  %s: %s (%s)%n", s.provenance().kind(), s.provenance().source(),
                    s.provenance().tool());
            for (Map.Entry<String, String> e : s.provenance().sortedParameters().entrySet()) {
                o.printf(Locale.ROOT, "            %s = %s%n", e.getKey(), e.getValue());
            }
            StringBuilder splits = new StringBuilder();
            for (Split sp : Split.values()) {
                int n = stats.splits().get(sp);
                splits.append(splits.length() == 0 ? "" : ", ").append(sp.label()).append(' ').append(n)
                        .append(String.format(Locale.ROOT, " (%.1f%%)", store.size() == 0 ? 0.0
                                : 100.0 * n / store.size()));
            }
            o.printf(Locale.ROOT, "splits      %s; policy seed %d, train %.2f, val %.2f, test %.2f%n", splits,
                    s.splitPolicy().seed(), s.splitPolicy().train(), s.splitPolicy().val(), s.splitPolicy().test());
            o.printf(Locale.ROOT, "targets     %-9s %-4s %9s %8s %10s %9s %10s %10s%n", "name", "unit", "present",
                    "missing", "mean", "sd", "min", "max");
            for (StoreStatistics.TargetStatistics t : stats.targets()) {
                o.printf(Locale.ROOT, "            %-9s %-4s %9d %8d %10.2f %9.2f %10.2f %10.2f%n", t.target().key(),
                        t.target().unit(), t.present(), t.missing(), t.mean(), t.sd(), t.min(), t.max());
            }
            StringBuilder sources = new StringBuilder();
            for (Target t : Target.ALL) {
                Map<ValueSource, Integer> n = new EnumMap<>(ValueSource.class);
                for (ValueSource v : StoreDelineation.targetSources(path, t, store.targetValues(t))) {
                    n.merge(v, 1, Integer::sum);
                }
                sources.append(sources.length() == 0 ? "" : "; ").append(t.key()).append(": ").append(n.entrySet()
                        .stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
            }
            // device = read from the input, annotated = an expert's marks in the input (LUDB), measured = computed by
            // HeatBench at the input's fiducials (MUSE V5 amplitudes without a 12SL matrix), delineated = ours
            o.printf(Locale.ROOT, "sources     %s%n", sources);
            StringBuilder fid = new StringBuilder();
            for (Fiducial f : Fiducial.ALL) {
                fid.append(fid.length() == 0 ? "" : ", ").append(f.key()).append(' ')
                        .append(stats.knownFiducials().get(f));
            }
            o.printf(Locale.ROOT, "fiducials   known: %s (of %d)%n", fid, store.size());
            MetadataSummary.print(path, o);
        }
        return 0;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
