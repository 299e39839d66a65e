package org.heatbench.harness.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.code15.Code15Source;
import org.heatbench.datasets.importers.muse.MuseSource;
import org.heatbench.datasets.importers.tables.CsvTable;
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
                return new MuseSource(in, w, c.intervalToleranceMs).withThreads(threads(c));
            }
            case "wfdb" -> {
                params.put("checksum", c.checksum);
                return joined(new WfdbSource(in, WfdbSource.ChecksumPolicy.parse(c.checksum)).withThreads(threads(c)),
                        c.tables == null ? List.of() : c.tables, params);
            }
            case "code15" -> {
                String units = c.units == null ? "mV" : c.units.trim();
                double uv = switch (units) {
                    case "uV", "uv", "µV" -> 1.0;
                    case "mV", "mv" -> 1000.0;
                    default -> throw new ConfigurationException("--units must be uV or mV, got '" + units + "'");
                };
                Path exams = null;
                List<Path> rest = new ArrayList<>();
                for (Path t : c.tables == null ? List.<Path>of() : c.tables) {
                    if (exams == null && CsvTable.read(t).optional("exam_id") >= 0) {
                        exams = t;
                    } else {
                        rest.add(t);
                    }
                }
                params.put("source_units", units);
                params.put("trim_padding", Boolean.toString(c.trimPadding));
                RecordSource src = new Code15Source(in, exams, c.trimPadding, uv);
                return rest.isEmpty() ? src : joined(src, rest, params);
            }
            default -> throw new ConfigurationException("--format " + format + " is not available");
        }
    }

    private static int threads(ImportCommand c) {
        if (c.threads != null && c.threads < 1) {
            throw new ConfigurationException("--threads must be >= 1, got " + c.threads);
        }
        return c.threads != null ? c.threads : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    private static RecordSource joined(RecordSource source, List<Path> paths, Map<String, String> params) {
        if (paths.isEmpty()) {
            return source;
        }
        List<RecordTable> tables = new ArrayList<>();
        for (Path t : paths) {
            tables.add(JoinedSource.open(t));
        }
        params.put("tables", String.join(",", paths.stream().map(Path::toString).toList()));
        return new JoinedSource(source, tables);
    }
}
