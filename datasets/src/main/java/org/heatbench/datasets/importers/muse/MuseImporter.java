package org.heatbench.datasets.importers.muse;

import java.nio.file.Path;
import java.util.List;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.importers.ImporterFactory;
import org.heatbench.datasets.importers.ParallelReads;
import org.heatbench.datasets.importers.RecordSource;

/**
 * The {@code muse} importer: GE MUSE {@code <RestingECG>} XML read by {@link MuseSource}. Parameters:
 * {@code waveform} (median or rhythm), {@code interval_tolerance_ms} (≥ 0), {@code threads}
 * ({@link ParallelReads#threadsParameter()}). {@code dataset import} fills them from {@code --waveform},
 * {@code --interval-tolerance-ms} and {@code --threads}. Stateless and thread-safe.
 */
public final class MuseImporter implements ImporterFactory {
    private static final Descriptor DESCRIPTOR = Descriptor.of("muse", List.of(), "real recordings",
            "GE MUSE RestingECG XML, one record per file: the 12SL median beat or the 10-s rhythm strip with the "
                    + "12SL measurements (hr, pr, qrs, qt), fiducials, V5 amplitudes and diagnosis statements",
            "GE Healthcare MUSE RestingECG XML export (12SL); docs/DATASET_FORMAT.md",
            List.of(ParameterDescriptor.ofChoice("waveform", "median", List.of("median", "rhythm"),
                            "the record's signal: median (the 12SL median beat) or rhythm (the 10-s strip)"),
                    ParameterDescriptor.ofDouble("interval_tolerance_ms", MuseSource.DEFAULT_TOLERANCE_MS, 0.0,
                            "largest accepted difference between an interval and its fiducials, ms"),
                    ParallelReads.threadsParameter()));

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public MuseImporter() {
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public RecordSource open(Path input, Spec spec) {
        return new MuseSource(input, MuseSource.Waveform.parse(spec.get("waveform")),
                spec.getDouble("interval_tolerance_ms")).withThreads(ParallelReads.threads(spec));
    }
}
