package org.heatbench.harness.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.muse.MuseSource;
import org.heatbench.datasets.importers.tables.JoinedSource;
import org.heatbench.datasets.importers.tables.RecordTable;
import org.heatbench.datasets.importers.wfdb.WfdbSource;

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
            case "wfdb" -> {
                params.put("checksum", c.checksum);
                return joined(new WfdbSource(in, WfdbSource.ChecksumPolicy.parse(c.checksum)), c, params);
            }
            default -> throw new ConfigurationException("--format " + format + " is not available");
        }
    }

    private static RecordSource joined(RecordSource source, ImportCommand c, Map<String, String> params) {
        if (c.tables == null || c.tables.isEmpty()) {
            return source;
        }
        List<RecordTable> tables = new ArrayList<>();
        for (Path t : c.tables) {
            tables.add(JoinedSource.open(t));
        }
        params.put("tables", String.join(",", c.tables.stream().map(Path::toString).toList()));
        return new JoinedSource(source, tables);
    }
}
