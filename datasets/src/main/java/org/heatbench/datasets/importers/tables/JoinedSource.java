package org.heatbench.datasets.importers.tables;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.heatbench.core.InvalidInputException;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSources;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;

/**
 * A {@link RecordSource} whose records are completed from tables joined by record id, in the order given: a table's
 * targets replace the record's, its known fiducials (moved to the record's rate, rounded; outside the record →
 * unknown) replace the record's, its labels, split and metadata are added. A record that no table has a row for is
 * imported as it is, with the metadata {@code warnings} naming the tables. Not thread-safe.
 */
public final class JoinedSource implements RecordSource {
    private final RecordSource inner;
    private final List<RecordTable> tables;

    public JoinedSource(RecordSource inner, List<RecordTable> tables) {
        this.inner = inner;
        this.tables = List.copyOf(tables);
    }

    /** Name of the importer parameter {@link #tablesParameter()}. */
    public static final String TABLES = "tables";

    /**
     * The {@code tables} parameter of an importer whose records can be joined with label tables: paths separated by
     * {@code ;} (a spec separates parameters by {@code ,}), empty for none; {@code dataset import --table} fills it.
     */
    public static ParameterDescriptor tablesParameter(String description) {
        return ParameterDescriptor.ofString(TABLES, "", description);
    }

    /** @return the paths of a canonical spec's {@link #tablesParameter}, in the order given */
    public static List<Path> tables(Spec canonical) {
        List<Path> paths = new ArrayList<>();
        for (String t : canonical.get(TABLES).split(";")) {
            if (!t.isBlank()) {
                paths.add(Path.of(t.trim()));
            }
        }
        return paths;
    }

    /**
     * @return {@code source} joined with the tables at {@code paths} (each opened by {@link #open}), or
     *     {@code source} itself when there are none
     * @throws InvalidInputException naming a table that cannot be read or has an unknown layout
     */
    public static RecordSource of(RecordSource source, List<Path> paths) {
        if (paths.isEmpty()) {
            return source;
        }
        List<RecordTable> tables = new ArrayList<>();
        for (Path t : paths) {
            tables.add(open(t));
        }
        return new JoinedSource(source, tables);
    }

    /**
     * Opens a table by its columns: {@code scp_codes} → {@link PtbXlDatabase}; {@code rr_interval} +
     * {@code study_id} → {@link MimicMeasurements} (with {@code record_list.csv} from the same folder when present);
     * {@code ecg_id} → {@link PtbXlPlusFeatures}.
     *
     * @throws InvalidInputException for a table of none of these layouts
     */
    public static RecordTable open(Path csv) {
        Set<String> cols = CsvTable.read(csv).columns().keySet();
        if (cols.contains("scp_codes")) {
            return PtbXlDatabase.read(csv);
        }
        if (cols.contains("rr_interval") && cols.contains("study_id")) {
            Path list = csv.toAbsolutePath().resolveSibling("record_list.csv");
            return MimicMeasurements.read(csv, list.toFile().isFile() ? list : null);
        }
        if (cols.contains("ecg_id")) {
            return PtbXlPlusFeatures.read(csv);
        }
        throw new InvalidInputException("table " + csv + " is none of ptbxl_database.csv (scp_codes), MIMIC-IV-ECG "
                + "machine_measurements.csv (study_id, rr_interval) or a PTB-XL+ feature table (ecg_id); columns: "
                + cols.stream().sorted().collect(Collectors.joining(", ")));
    }

    @Override
    public String description() {
        return inner.description() + " joined with " + tables.stream().map(RecordTable::description)
                .collect(Collectors.joining(", "));
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        inner.forEach(item -> {
            if (item instanceof SourceItem.Accepted a) {
                try {
                    sink.accept(new SourceItem.Accepted(join(a.record())));
                } catch (InvalidInputException e) {
                    sink.accept(new SourceItem.Rejected(a.record().source(), a.record().record().id(),
                            e.getMessage()));
                }
            } else {
                sink.accept(item);
            }
        });
    }

    /** @return the record completed from every table that has a row for it */
    public SourceRecord join(SourceRecord sr) {
        SourceRecord out = sr;
        List<String> missing = new ArrayList<>();
        for (RecordTable t : tables) {
            Optional<TableEntry> e = t.lookup(sr.record().id());
            if (e.isEmpty()) {
                missing.add(t.description());
                continue;
            }
            out = apply(out, e.get());
        }
        if (!missing.isEmpty()) {
            String w = "no row in " + String.join(", ", missing);
            String before = out.metadata().get("warnings");
            out = out.withMetadata(Map.of("warnings", before == null ? w : before + "; " + w));
        }
        return out;
    }

    private static SourceRecord apply(SourceRecord sr, TableEntry e) {
        EcgRecord r = sr.record();
        double[] t = r.targets().toArray();
        e.targets().forEach((k, v) -> t[k.ordinal()] = v);
        int[] f = r.fiducials().toArray();
        if (e.fiducials() != null) {
            int[] ef = e.fiducials();
            double factor = sr.rateHz() / e.fiducialRateHz();
            for (int k = 0; k < ef.length; k++) {
                if (ef[k] >= 0) {
                    long s = Math.round(ef[k] * factor);
                    f[k] = s < r.samples() ? (int) s : Fiducials.UNKNOWN_POSITION;
                }
            }
        }
        EcgRecord joined = new EcgRecord(r.id(), r.leads(), r.samples(), r.signal(), Targets.of(t), Fiducials.of(f));
        // a value the table supplies is the table's (the default source), whatever the record had before
        ValueSources sources = sr.sources();
        for (Target k : e.targets().keySet()) {
            sources = sources.with(k, null);
        }
        if (e.fiducials() != null) {
            for (int k = 0; k < e.fiducials().length; k++) {
                if (e.fiducials()[k] >= 0) {
                    sources = sources.with(Fiducial.ALL.get(k), null);
                }
            }
        }
        SourceRecord out = sr.withRecord(joined).withSources(sources).withMetadata(e.metadata())
                .withLabels(e.labels());
        return e.split() == null ? out : out.withSplit(e.split());
    }
}
