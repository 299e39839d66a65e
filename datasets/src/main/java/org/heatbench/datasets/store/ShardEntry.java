package org.heatbench.datasets.store;

import org.heatbench.core.InvalidInputException;

/**
 * One complete shard file of a store, as listed in the manifest.
 *
 * @param file        file name inside the store directory, e.g. {@code shard-00003.h5}
 * @param firstIndex  store index of the shard's first record
 * @param recordCount records in the shard, &gt; 0
 */
public record ShardEntry(String file, long firstIndex, int recordCount) {

    public ShardEntry {
        if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
            throw new InvalidInputException("shard file name '" + file + "' must be a plain file name");
        }
        if (firstIndex < 0 || recordCount <= 0) {
            throw new InvalidInputException("shard " + file + ": first index " + firstIndex + " and record count "
                    + recordCount + " must be non-negative and positive");
        }
    }

    /** @return the file name of shard number {@code shardIndex}: {@code shard-00000.h5}, ... */
    public static String fileName(int shardIndex) {
        return String.format("shard-%05d.h5", shardIndex);
    }

    /** @return one past the store index of the shard's last record */
    public long endIndex() {
        return firstIndex + recordCount;
    }
}
