package org.heatbench.harness.dataset;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.heatbench.datasets.signal.Delineator;
import org.heatbench.datasets.store.StoreDelineation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heatbench dataset delineate STORE}: fill unknown fiducials and targets in place, recording their source. */
@Command(name = "delineate", mixinStandardHelpOptions = true,
        description = {"Delineate every median beat of a store (P, QRS, T boundaries; PR, QRS, QT and the V5 "
                + "amplitudes; docs/SIGNALS.md) and fill unknown fiducials and targets in place. Device values, and "
                + "values the import measured at the device's fiducials (source measured), are kept unless "
                + "--overwrite-device; generator and annotated (expert) values always. The R peak and the targets "
                + "are measured at the boundaries finally stored (the R peak is V5's maximum within the stored QRS, "
                + "also where an annotated or kept QRS differs from the delineator's). The source of every value "
                + "(device, annotated, measured, delineated, generator) is stored in the shards. Crash-safe: each "
                + "shard is replaced atomically; run again after an interruption."})
final class DelineateCommand extends DatasetSubcommand {
    @Parameters(index = "0", paramLabel = "STORE", description = "Store directory.")
    Path store;

    @Option(names = "--overwrite-device", description = "Also replace values that came with the input: a device's, "
            + "and those the import measured at the device's fiducials (source measured).")
    boolean overwriteDevice;

    @Override
    int run() {
        StoreDelineation.Summary s = StoreDelineation.run(store, overwriteDevice, Delineator.standard(), Map.of());
        out().printf(Locale.ROOT, "delineated %d records in %s: %d values filled, %d device/measured values "
                + "replaced%n", s.records(), store, s.filled(), s.replaced());
        out().println("  value sources: " + s.sources());
        if (s.hrFromMetadata() > 0) {
            out().printf(Locale.ROOT, "  heart rate taken from the device's RR/rate in the record metadata for %d records%n",
                    s.hrFromMetadata());
        }
        if (s.hrUnknown() > 0) {
            out().printf(Locale.ROOT, "  heart rate unknown for %d of %d records: a median beat carries no RR interval "
                    + "and these records have no device HR/RR; HR is measured from the rhythm (dataset import "
                    + "--median), never guessed from a median%n", s.hrUnknown(), s.records());
        }
        return 0;
    }
}
