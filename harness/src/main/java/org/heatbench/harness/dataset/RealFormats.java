package org.heatbench.harness.dataset;

import java.nio.file.Path;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.muse.MuseSource;

/**
 * The importers of real recordings (issue 13) behind {@code dataset import --format muse|wfdb|code15}: kept apart
 * from {@link ImportCommand}'s older formats so that the importer registry can take them over as they are.
 */
final class RealFormats {
    private RealFormats() {
    }

    static RecordSource source(String format, Path in, ImportCommand c, Map<String, String> params) {
        switch (format) {
            case "muse" -> {
                MuseSource.Waveform w = MuseSource.Waveform.parse(c.waveform);
                params.put("waveform", c.waveform);
                params.put("interval_tolerance_ms", Double.toString(c.intervalToleranceMs));
                return new MuseSource(in, w, c.intervalToleranceMs);
            }
            default -> throw new ConfigurationException("--format " + format + " is not available");
        }
    }
}
