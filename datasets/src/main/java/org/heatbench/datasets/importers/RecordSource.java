package org.heatbench.datasets.importers;

import java.util.function.Consumer;

/**
 * An input format read record by record. Implementations report every input they skip as a
 * {@link SourceItem.Rejected} (never a silent drop) and read one record at a time, so memory does not grow with the
 * input's size. Not thread-safe.
 */
public interface RecordSource {

    /** @return the format and input, for provenance and messages, e.g. {@code study-h5 /data/medians} */
    String description();

    /** Reads the whole input in a deterministic order (files sorted by name), handing each item to {@code sink}. */
    void forEach(Consumer<SourceItem> sink);
}
