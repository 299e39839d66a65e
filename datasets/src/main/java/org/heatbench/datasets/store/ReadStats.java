package org.heatbench.datasets.store;

/**
 * Counters of what an {@link EcgStore} has read since it was opened: evidence that a read touched only the shards
 * and chunks it needed.
 *
 * @param shardOpens        shard files opened (a shard evicted from the open-shard cache and needed again counts
 *                          again)
 * @param chunkReads        signal chunks read and decompressed; one chunk holds one record
 * @param bytesDecompressed bytes of signal data those chunks held after decompression
 * @param openShards        shard files open right now
 */
public record ReadStats(long shardOpens, long chunkReads, long bytesDecompressed, int openShards) {
}
