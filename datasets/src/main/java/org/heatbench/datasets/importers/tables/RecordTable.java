package org.heatbench.datasets.importers.tables;

import java.util.Optional;

/** A table of labels or measurements keyed by record id. Implementations are immutable and thread-safe. */
public interface RecordTable {

    /** @return e.g. {@code ptbxl-database /data/ptbxl_database.csv} */
    String description();

    /** @return what the table says about the record with this id (the WFDB record name, file stem, ...) */
    Optional<TableEntry> lookup(String recordId);
}
