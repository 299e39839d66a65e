package org.heatbench.datasets.importers.code15;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.importers.ImporterFactory;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.tables.CsvTable;
import org.heatbench.datasets.importers.tables.JoinedSource;

/**
 * The {@code code15} importer: CODE-15% HDF5 and single-record MATLAB files read by {@link Code15Source}.
 * Parameters: {@code units} of the tracings (uv, µv or mv; mV by default, as CODE-15% stores them),
 * {@code trim_padding}, {@code tables} (paths separated by {@code ;}: the first with an {@code exam_id} column is
 * the exams table, the others are joined by {@link JoinedSource}). {@code dataset import} fills them from
 * {@code --units}, {@code --[no-]trim-padding} and {@code --table}. Stateless and thread-safe.
 */
public final class Code15Importer implements ImporterFactory {
    private static final Descriptor DESCRIPTOR = Descriptor.of("code15", List.of(), "real recordings",
            "CODE-15% HDF5 (tracings [N, 4096, 12] at 400 Hz, exam_id) and single-record .mat files, with the "
                    + "labels of exams.csv (1dAVb, RBBB, LBBB, SB, ST, AF, normal_ecg)",
            "CODE-15% (Ribeiro et al., Nat Commun 2020; Zenodo 4916206); docs/DATASET_FORMAT.md",
            List.of(ParameterDescriptor.ofChoice("units", "mv", List.of("uv", "µv", "mv"),
                            "units of the tracings: µV or mV"),
                    ParameterDescriptor.ofBoolean("trim_padding", true,
                            "cut the zero padding around shorter tracings (false keeps all 4096 samples)"),
                    JoinedSource.tablesParameter("tables separated by ';': exams.csv (the first with an exam_id "
                            + "column; default: exams.csv beside the input) and tables joined by record id "
                            + "(--table, repeatable; empty: none)")));

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public Code15Importer() {
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public RecordSource open(Path input, Spec spec) {
        double uvPerUnit = spec.get("units").equals("mv") ? 1000.0 : 1.0;
        Path exams = null;
        List<Path> joined = new ArrayList<>();
        for (Path t : JoinedSource.tables(spec)) {
            if (exams == null && CsvTable.read(t).optional("exam_id") >= 0) {
                exams = t;
            } else {
                joined.add(t);
            }
        }
        return JoinedSource.of(new Code15Source(input, exams, spec.getBoolean("trim_padding"), uvPerUnit), joined);
    }
}
