package org.heatbench.datasets.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.LeadMapping;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.ValueSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a store: a directory of HDF5 shard files plus {@value StoreManifest#FILE_NAME}.
 *
 * <p>Two ways to feed it, not to be mixed on one writer:
 * <ul>
 *   <li>{@link #append} record by record from one thread (importers); shard {@code k} holds records
 *       {@code k·shardSize ...}, written as soon as it is full;</li>
 *   <li>{@link #writeShard} whole shards, from any number of threads at once (the parallel generator); every shard
 *       but the last must be full.</li>
 * </ul>
 * Each record's split comes from the spec's {@link org.heatbench.datasets.SplitPolicy}. Record ids must be unique in
 * the store; a repeated id, a non-finite sample, or a sample outside the int16 range is refused with an
 * {@link InvalidInputException} naming the record (the record is not written; the writer stays usable).
 *
 * <p>Crash safety: each shard is written under a temporary name and renamed when complete; the manifest is rewritten
 * atomically after each shard and lists only complete shards; it says {@code "complete": true} only after
 * {@link #finish()}. A writer closed without {@link #finish()} (an exception, an interrupt) leaves an incomplete
 * store that {@link EcgStore#open} refuses, and removes its temporary files.
 *
 * <p>Memory: one shard buffer per {@link #append} writer, or per concurrent {@link #writeShard} call, each about
 * {@code shardSize × leads × samples × bytes} plus the same again while jhdf encodes it.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    /** Name of the optional import report an importer writes next to the manifest; readers ignore it. */
    public static final String IMPORT_REPORT_FILE = "import-report.json";
    /** Name of the optional per-record median quality report of {@code dataset import --median}. */
    public static final String MEDIAN_REPORT_FILE = "median-report.json";
    private static final Pattern OWN_FILES = Pattern.compile(
            "manifest\\.json(\\.tmp)?|shard-\\d+\\.h5(\\.tmp)?|" + Pattern.quote(IMPORT_REPORT_FILE) + "|"
                    + Pattern.quote(RecordMetadata.FILE) + "(\\.tmp|\\.lines\\.tmp)?|"
                    + Pattern.quote(MEDIAN_REPORT_FILE) + "(\\.tmp)?");

    private final Path dir;
    private final StoreSpec spec;
    private final Set<String> ids = new HashSet<>();
    private final TreeMap<Integer, ShardEntry> done = new TreeMap<>();
    private ShardBuffer buffer;
    private int nextShard;
    private boolean appendMode;
    private boolean shardMode;
    private boolean finished;
    private boolean closed;

    private StoreWriter(Path dir, StoreSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /**
     * Creates the directory (if needed) and an empty, incomplete manifest.
     *
     * @param overwrite replace an existing store in {@code dir}; without it an existing store is an error. A
     *                  directory holding anything other than store files is never written into.
     * @throws ConfigurationException when the directory is unsuitable
     */
    public static StoreWriter create(Path dir, StoreSpec spec, boolean overwrite) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new ConfigurationException("store path " + dir + " exists and is not a directory");
            }
            Files.createDirectories(dir);
            List<Path> existing;
            try (Stream<Path> s = Files.list(dir)) {
                existing = s.toList();
            }
            if (!existing.isEmpty()) {
                List<String> foreign = existing.stream().map(p -> p.getFileName().toString())
                        .filter(n -> !OWN_FILES.matcher(n).matches()).sorted().toList();
                if (!foreign.isEmpty()) {
                    throw new ConfigurationException("directory " + dir + " holds files that are not part of a "
                            + "HeatBench store (" + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                            + "); choose an empty or new directory");
                }
                if (!overwrite) {
                    throw new ConfigurationException("directory " + dir + " already holds a store; choose another "
                            + "directory or set 'overwrite' to replace it", "overwrite");
                }
                for (Path p : existing) {
                    Files.delete(p);
                }
                LOG.info("replaced the store in {}", dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare store directory " + dir, e);
        }
        StoreWriter w = new StoreWriter(dir, spec);
        new StoreManifest(spec, false, List.of()).writeTo(dir);
        return w;
    }

    public StoreSpec spec() {
        return spec;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Adds one record (single-threaded use). A record in another lead layout is mapped to the store's leads first
     * ({@link LeadMapping}: copy, reorder, derive limb leads).
     *
     * @throws InvalidInputException when the record cannot be stored; nothing of it is written then
     * @throws org.heatbench.core.ConfigurationException when the store's leads cannot be made from the record's
     */
    public void append(EcgRecord record) {
        append(record, null);
    }

    /**
     * As {@link #append(EcgRecord)}, with the record's split fixed by its source (e.g. PTB-XL's {@code strat_fold})
     * instead of the split policy; null means the policy.
     */
    public void append(EcgRecord record, Split split) {
        append(record, split, ValueSources.DEFAULT);
    }

    /**
     * As {@link #append(EcgRecord, Split)}, with the sources of the record's values that did not come from the
     * store's default source (an import: the device); the shard then records every value's source
     * ({@code /target_sources}, {@code /fiducial_sources}, docs/DATASET_FORMAT.md).
     */
    public void append(EcgRecord record, Split split, ValueSources sources) {
        checkOpen();
        if (shardMode) {
            throw new IllegalStateException("append cannot be mixed with writeShard on one writer");
        }
        appendMode = true;
        EcgRecord r = record.leads().equals(spec.leads()) ? record : record.withLeads(spec.leads());
        if (ids.contains(r.id())) {
            throw new InvalidInputException("duplicate record id '" + r.id() + "': ids must be unique in a store");
        }
        if (buffer == null) {
            buffer = new ShardBuffer(spec, spec.shardSize());
        }
        buffer.add(r, split != null ? split : spec.splitPolicy().assign(r.id()), sources);
        ids.add(r.id());
        if (buffer.isFull()) {
            flushBuffer();
        }
    }

    private void flushBuffer() {
        if (buffer != null && buffer.count() > 0) {
            int shard = nextShard++;
            commit(shard, buffer);
        }
        buffer = null;
    }

    /**
     * Writes shard number {@code shardIndex} with {@code records} (store indices
     * {@code shardIndex·shardSize ...}). Thread-safe: different threads may write different shards at once.
     *
     * @throws InvalidInputException when a record cannot be stored or repeats an id; the shard is not written
     */
    public void writeShard(int shardIndex, List<EcgRecord> records) {
        synchronized (this) {
            checkOpen();
            if (appendMode) {
                throw new IllegalStateException("writeShard cannot be mixed with append on one writer");
            }
            shardMode = true;
            if (done.containsKey(shardIndex)) {
                throw new IllegalStateException("shard " + shardIndex + " was already written");
            }
        }
        if (shardIndex < 0) {
            throw new IllegalArgumentException("shard index must be non-negative, got " + shardIndex);
        }
        if (records.isEmpty() || records.size() > spec.shardSize()) {
            throw new IllegalArgumentException("a shard holds 1 to " + spec.shardSize() + " records, got "
                    + records.size());
        }
        ShardBuffer b = new ShardBuffer(spec, records.size());
        Set<String> local = new HashSet<>();
        for (EcgRecord r : records) {
            EcgRecord mapped = r.leads().equals(spec.leads()) ? r : r.withLeads(spec.leads());
            if (!local.add(mapped.id())) {
                throw new InvalidInputException("duplicate record id '" + mapped.id() + "' in shard " + shardIndex);
            }
            b.add(mapped, spec.splitPolicy().assign(mapped.id()));
        }
        synchronized (this) {
            for (String id : local) {
                if (ids.contains(id)) {
                    throw new InvalidInputException("duplicate record id '" + id + "': ids must be unique in a store");
                }
            }
            ids.addAll(local);
        }
        commit(shardIndex, b);
    }

    private void commit(int shardIndex, ShardBuffer b) {
        long first = (long) shardIndex * spec.shardSize();
        String name = ShardEntry.fileName(shardIndex);
        ShardFile.write(dir.resolve(name), spec, shardIndex, first, b, b.targetSources(), b.fiducialSources());
        // readers verify this before trusting the shard: zeroed, truncated or swapped bytes are named, not read
        String sha = ShardEntry.sha256Of(dir.resolve(name));
        synchronized (this) {
            done.put(shardIndex, new ShardEntry(name, first, b.count(), sha));
            new StoreManifest(spec, false, new ArrayList<>(done.values())).writeTo(dir);
        }
        LOG.debug("wrote {} ({} records)", name, b.count());
    }

    /** @return records accepted so far (in written shards and the pending buffer) */
    public synchronized long recordCount() {
        return ids.size();
    }

    /**
     * Writes the pending shard, checks that the shards are contiguous and marks the store complete.
     *
     * @return the final manifest
     */
    public synchronized StoreManifest finish() {
        checkOpen();
        flushBuffer();
        List<ShardEntry> shards = new ArrayList<>(done.values());
        for (int k = 0; k < shards.size(); k++) {
            ShardEntry e = shards.get(k);
            boolean last = k == shards.size() - 1;
            if (e.firstIndex() != (long) k * spec.shardSize() || (!last && e.recordCount() != spec.shardSize())) {
                throw new IllegalStateException("shards are not contiguous: shard " + e.file() + " holds records "
                        + e.firstIndex() + " .. " + (e.endIndex() - 1));
            }
        }
        StoreManifest manifest = new StoreManifest(spec, true, shards);
        manifest.writeTo(dir);
        finished = true;
        LOG.info("store {} complete: {} records in {} shards", dir, manifest.recordCount(), shards.size());
        return manifest;
    }

    private void checkOpen() {
        if (closed || finished) {
            throw new IllegalStateException("store writer for " + dir + " is already " + (closed ? "closed" : "finished"));
        }
    }

    /**
     * Ends the writer. Without a preceding {@link #finish()} the store stays marked incomplete (pending records are
     * discarded) and temporary files are removed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            LOG.warn("store {} was closed before finish(): it stays incomplete ({} complete shards)", dir, done.size());
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                        .sorted(Comparator.naturalOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("cannot remove temporary files in {}: {}", dir, e.toString());
            }
        }
    }
}
