package org.heatbench.datasets.importers.wfdb;

import java.nio.file.Path;
import java.util.List;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.importers.ImporterFactory;
import org.heatbench.datasets.importers.ParallelReads;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.tables.JoinedSource;

/**
 * The {@code wfdb} importer: PhysioNet WFDB records read by {@link WfdbSource}, optionally joined with label tables
 * by {@link JoinedSource}. Parameters: {@code checksum} (reject or keep), {@code tables} (paths separated by
 * {@code ;}), {@code threads} ({@link ParallelReads#threadsParameter()}). {@code dataset import} fills them from
 * {@code --checksum}, {@code --table} (repeatable) and {@code --threads}. Stateless and thread-safe.
 */
public final class WfdbImporter implements ImporterFactory {
    private static final Descriptor DESCRIPTOR = Descriptor.of("wfdb", List.of(), "real recordings",
            "PhysioNet WFDB records (every .hea under the input; .dat signals, .atr and per-lead annotations), joined "
                    + "with label/measurement tables by record id",
            "PhysioNet WFDB header(5), signal(5), annotation(5) formats; PTB-XL (Wagner et al., Sci Data 2020), "
                    + "MIMIC-IV-ECG, PTB-XL+ tables; docs/DATASET_FORMAT.md",
            List.of(ParameterDescriptor.ofChoice("checksum", "reject", List.of("reject", "keep"),
                            "a record whose checksum or initial value disagrees with its header: reject or keep "
                                    + "(with a warning)"),
                    JoinedSource.tablesParameter("label/measurement tables joined by record id, separated by ';' "
                            + "(ptbxl_database.csv, MIMIC-IV-ECG machine_measurements.csv, a PTB-XL+ feature "
                            + "table; --table, repeatable; empty: none)"),
                    ParallelReads.threadsParameter()));

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public WfdbImporter() {
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public RecordSource open(Path input, Spec spec) {
        WfdbSource source = new WfdbSource(input, WfdbSource.ChecksumPolicy.parse(spec.get("checksum")))
                .withThreads(ParallelReads.threads(spec));
        return JoinedSource.of(source, JoinedSource.tables(spec));
    }
}
