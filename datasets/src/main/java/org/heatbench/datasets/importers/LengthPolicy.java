package org.heatbench.datasets.importers;

/** What an import does with a record (after resampling) whose length differs from the store's. */
public enum LengthPolicy {
    /**
     * Pad at the end with the record's last value, or cut at the end; the record's first sample stays the first
     * sample (fiducials keep their positions; those cut off become unknown). Counted in the import summary.
     */
    FIT,
    /** Reject the record. */
    REJECT
}
