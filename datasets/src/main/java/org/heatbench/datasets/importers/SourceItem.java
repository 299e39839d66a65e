package org.heatbench.datasets.importers;

/** What a {@link RecordSource} yields for each input: a record, or a rejection with its reason. */
public sealed interface SourceItem permits SourceItem.Accepted, SourceItem.Rejected {

    /** A record read successfully (it may still be rejected when fitted to the store). */
    record Accepted(SourceRecord record) implements SourceItem {
    }

    /**
     * An input that could not be read as a record.
     *
     * @param source the file (and place in it) concerned
     * @param id     the record id when known, else null
     * @param reason why, in words a user can act on
     */
    record Rejected(String source, String id, String reason) implements SourceItem {
    }
}
