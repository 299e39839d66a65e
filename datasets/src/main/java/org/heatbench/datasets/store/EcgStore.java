package org.heatbench.datasets.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.LeadMapping;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A median-beat store opened for reading (format: {@code docs/DATASET_FORMAT.md}).
 *
 * <p>Records are numbered 0 .. {@link #size()}−1 in shard order. Signals come back as float32 µV in
 * [leads, samples] per record, either in the stored lead layout or in any layout a {@link LeadMapping} can make
 * from it (select and reorder leads; derive III, aVR, aVL, aVF from I and II), so a model trained on 8 leads runs on
 * a 12-lead store and vice versa.
 *
 * <p>Access: by index range ({@link #read(int, int, List)}), by arbitrary indices ({@link #read(int[], List)}), by
 * id ({@link #readIds}), or as a lazy stream of batches ({@link #batches}). Targets, fiducials, splits and ids are
 * available without reading signals.
 *
 * <p>Memory is bounded regardless of store size: shard files are opened lazily and at most {@code maxOpenShards}
 * stay open (least recently used closed first); each open shard keeps about 100 bytes per record of metadata and
 * its chunk index; a batch holds only its own records. The id index ({@link #indexOf}) is the exception: built on
 * first use, it holds every id (≈ 100 bytes per record).
 *
 * <p>Thread-safe: one store may be shared by threads reading different batches concurrently. Closing it while
 * other threads read is an error for those reads.
 */
public final class EcgStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcgStore.class);
    /** Default bound on simultaneously open shard files. */
    public static final int DEFAULT_MAX_OPEN_SHARDS = 64;

    private final Path dir;
    private final StoreManifest manifest;
    private final StoreSpec spec;
    private final List<ShardEntry> shards;
    private final long[] firstIndex;
    private final int size;
    private final int maxOpenShards;
    private final ShardFile[] open;
    private final int[] refs;
    /** Shards whose checksum was verified (once per opened store: the file is read in full for it). */
    private final boolean[] verified;
    private final LinkedHashMap<Integer, Boolean> recency = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong shardOpens = new AtomicLong();
    private final AtomicLong chunkReads = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Map<String, Integer> idIndex;
    private boolean closed;

    private EcgStore(Path dir, StoreManifest manifest, int maxOpenShards) {
        this.dir = dir;
        this.manifest = manifest;
        this.spec = manifest.spec();
        this.shards = manifest.shards();
        this.firstIndex = shards.stream().mapToLong(ShardEntry::firstIndex).toArray();
        long total = manifest.recordCount();
        if (total > Integer.MAX_VALUE) {
            throw new InvalidInputException("store " + dir + " holds " + total + " records, more than this reader "
                    + "supports (" + Integer.MAX_VALUE + ")");
        }
        long expected = 0;
        for (ShardEntry s : shards) {
            if (s.firstIndex() != expected) {
                throw new InvalidInputException("store " + dir + ": shard " + s.file() + " starts at record "
                        + s.firstIndex() + ", expected " + expected + " (missing shard?)");
            }
            expected = s.endIndex();
        }
        this.size = (int) total;
        this.maxOpenShards = maxOpenShards;
        this.open = new ShardFile[shards.size()];
        this.refs = new int[shards.size()];
        this.verified = new boolean[shards.size()];
        if (shards.stream().anyMatch(s -> s.sha256() == null)) {
            LOG.warn("store {} has shards without checksums (written by an older HeatBench): a modified shard "
                    + "cannot be detected; regenerate or re-import it to add them", dir);
        }
    }

    /** Opens a store with the default bound on open shard files. */
    public static EcgStore open(Path dir) {
        return open(dir, DEFAULT_MAX_OPEN_SHARDS);
    }

    /**
     * Opens a store. Reads only the manifest; shard files are opened and checked when first needed: their SHA-256
     * against the manifest (the whole file is read once per opened store), then their HDF5 structure.
     *
     * @param maxOpenShards at least 1
     * @throws InvalidInputException when {@code dir} is not a store, its manifest is invalid, or the store is
     *                               incomplete (an interrupted write)
     */
    public static EcgStore open(Path dir, int maxOpenShards) {
        if (maxOpenShards < 1) {
            throw new IllegalArgumentException("maxOpenShards must be at least 1");
        }
        StoreManifest m = StoreManifest.read(dir);
        if (!m.complete()) {
            throw new InvalidInputException("store " + dir + " is incomplete: its writer was interrupted or failed "
                    + "after " + m.shards().size() + " complete shards (" + m.recordCount() + " records); "
                    + "write it again");
        }
        return new EcgStore(dir, m, maxOpenShards);
    }

    public Path directory() {
        return dir;
    }

    public StoreManifest manifest() {
        return manifest;
    }

    public StoreSpec spec() {
        return spec;
    }

    /** @return number of records */
    public int size() {
        return size;
    }

    /** @return the stored leads, in stored order */
    public List<Lead> leads() {
        return spec.leads();
    }

    public double samplingRateHz() {
        return spec.samplingRateHz();
    }

    /** @return samples per lead per record */
    public int samples() {
        return spec.samples();
    }

    // ---------------------------------------------------------------- metadata

    /** @return the id of record {@code index} */
    public String id(int index) {
        return withShard(index, (s, local) -> s.id(local));
    }

    /** @return the targets of record {@code index}; NaN marks a missing value */
    public Targets targets(int index) {
        return withShard(index, EcgStore::targetsOf);
    }

    /** @return the fiducials of record {@code index}; -1 marks an unknown position */
    public Fiducials fiducials(int index) {
        return withShard(index, EcgStore::fiducialsOf);
    }

    public Split split(int index) {
        return withShard(index, (s, local) -> Split.ofCode(s.splitCode(local)));
    }

    /**
     * @return the index of the record with this id, or empty; the first call builds an index of all ids
     * @throws InvalidInputException when the store holds an id twice
     */
    public OptionalInt indexOf(String id) {
        Integer i = idIndex().get(id);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    private Map<String, Integer> idIndex() {
        Map<String, Integer> m = idIndex;
        if (m == null) {
            synchronized (this) {
                m = idIndex;
                if (m == null) {
                    Map<String, Integer> built = new HashMap<>(Math.max(16, size * 4 / 3 + 1));
                    for (int k = 0; k < shards.size(); k++) {
                        int base = (int) firstIndex[k];
                        String[] ids = withWholeShard(k, ShardFile::ids);
                        for (int j = 0; j < ids.length; j++) {
                            Integer prev = built.putIfAbsent(ids[j], base + j);
                            if (prev != null) {
                                throw new InvalidInputException("store " + dir + " holds id '" + ids[j] + "' twice "
                                        + "(records " + prev + " and " + (base + j) + ")");
                            }
                        }
                    }
                    idIndex = m = built;
                }
            }
        }
        return m;
    }

    /** @return the indices of the records in {@code split}, ascending */
    public int[] indicesOf(Split split) {
        IntStream.Builder b = IntStream.builder();
        for (int k = 0; k < shards.size(); k++) {
            int base = (int) firstIndex[k];
            int count = shards.get(k).recordCount();
            byte code = split.code();
            withWholeShard(k, s -> {
                for (int j = 0; j < count; j++) {
                    if (s.splitCode(j) == code) {
                        b.add(base + j);
                    }
                }
                return null;
            });
        }
        return b.build().toArray();
    }

    /** @return one target for every record, by index; NaN where missing (O(size) memory) */
    public double[] targetValues(Target target) {
        double[] v = new double[size];
        int column = target.ordinal();
        for (int k = 0; k < shards.size(); k++) {
            int base = (int) firstIndex[k];
            int count = shards.get(k).recordCount();
            withWholeShard(k, s -> {
                for (int j = 0; j < count; j++) {
                    v[base + j] = s.target(j, column);
                }
                return null;
            });
        }
        return v;
    }

    /** @return one fiducial for every record, by index; -1 where unknown (O(size) memory) */
    public int[] fiducialValues(Fiducial fiducial) {
        int[] v = new int[size];
        int column = fiducial.ordinal();
        for (int k = 0; k < shards.size(); k++) {
            int base = (int) firstIndex[k];
            int count = shards.get(k).recordCount();
            withWholeShard(k, s -> {
                for (int j = 0; j < count; j++) {
                    v[base + j] = s.fiducial(j, column);
                }
                return null;
            });
        }
        return v;
    }

    private static Targets targetsOf(ShardFile s, int local) {
        double[] t = new double[Target.ALL.size()];
        for (int c = 0; c < t.length; c++) {
            t[c] = s.target(local, c);
        }
        return Targets.of(t);
    }

    private static Fiducials fiducialsOf(ShardFile s, int local) {
        int[] f = new int[Fiducial.ALL.size()];
        for (int c = 0; c < f.length; c++) {
            f[c] = s.fiducial(local, c);
        }
        return Fiducials.of(f);
    }

    // ---------------------------------------------------------------- signals

    /** @return record {@code index} in the stored lead layout */
    public EcgRecord record(int index) {
        return read(new int[] {index}, spec.leads()).record(0);
    }

    /** @return records {@code from} (inclusive) to {@code to} (exclusive) in the stored lead layout */
    public EcgBatch read(int from, int to) {
        return read(from, to, spec.leads());
    }

    /**
     * @param leads the leads wanted, in the wanted order (see {@link LeadMapping})
     * @return records {@code from} (inclusive) to {@code to} (exclusive)
     */
    public EcgBatch read(int from, int to, List<Lead> leads) {
        Objects.checkFromToIndex(from, to, size);
        return read(IntStream.range(from, to).toArray(), leads);
    }

    /**
     * Reads records in the given order (repeats allowed). The records are fetched grouped by shard, so each shard
     * involved is opened at most once per call.
     *
     * @throws IndexOutOfBoundsException for an index outside [0, size)
     * @throws org.heatbench.core.ConfigurationException when the leads cannot be made from the stored ones
     */
    public EcgBatch read(int[] indices, List<Lead> leads) {
        LeadMapping mapping = LeadMapping.of(spec.leads(), leads);
        int n = indices.length;
        int samples = spec.samples();
        int perOut = leads.size() * samples;
        float[] out = new float[n * perOut];
        String[] ids = new String[n];
        Targets[] targets = new Targets[n];
        Fiducials[] fids = new Fiducials[n];
        Split[] splits = new Split[n];
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            Objects.checkIndex(indices[i], size);
            order[i] = ((long) indices[i] << 32) | i;
        }
        Arrays.sort(order);
        float[] scratch = mapping.isIdentity() ? null : new float[spec.valuesPerRecord()];
        int p = 0;
        while (p < n) {
            int shard = shardOf((int) (order[p] >>> 32));
            long end = firstIndex[shard] + shards.get(shard).recordCount();
            ShardFile s = acquire(shard);
            try {
                while (p < n && (order[p] >>> 32) < end) {
                    int index = (int) (order[p] >>> 32);
                    int pos = (int) order[p];
                    int local = (int) (index - firstIndex[shard]);
                    int read;
                    if (scratch == null) {
                        read = s.readSignal(local, out, pos * perOut);
                    } else {
                        read = s.readSignal(local, scratch, 0);
                        mapping.apply(scratch, 0, out, pos * perOut, samples);
                    }
                    chunkReads.incrementAndGet();
                    bytes.addAndGet(read);
                    ids[pos] = s.id(local);
                    targets[pos] = targetsOf(s, local);
                    fids[pos] = fiducialsOf(s, local);
                    splits[pos] = Split.ofCode(s.splitCode(local));
                    p++;
                }
            } finally {
                release(shard);
            }
        }
        return new EcgBatch(leads, samples, spec.samplingRateHz(), out, indices.clone(), ids, targets, fids, splits);
    }

    /**
     * Reads records by id, in the given order.
     *
     * @throws InvalidInputException naming the first id the store does not hold
     */
    public EcgBatch readIds(List<String> ids, List<Lead> leads) {
        int[] indices = new int[ids.size()];
        for (int i = 0; i < indices.length; i++) {
            String id = ids.get(i);
            indices[i] = indexOf(id).orElseThrow(() -> new InvalidInputException("store " + dir
                    + " holds no record with id '" + id + "'"));
        }
        return read(indices, leads);
    }

    /**
     * A lazy, sequential stream of batches over all records in index order; only one batch is in memory at a time
     * (unless the consumer keeps them). Consume it before closing the store.
     *
     * @param batchSize records per batch (the last batch may be smaller)
     */
    public Stream<EcgBatch> batches(int batchSize, List<Lead> leads) {
        return batches(IntStream.range(0, size).toArray(), batchSize, leads);
    }

    /**
     * A lazy, sequential stream of batches over the given records in the given order, e.g.
     * {@code batches(indicesOf(Split.TEST), 64, Lead.INDEPENDENT_8)}.
     */
    public Stream<EcgBatch> batches(int[] indices, int batchSize, List<Lead> leads) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        LeadMapping.of(spec.leads(), leads); // fail now, not at the first batch
        int[] all = indices.clone();
        Iterator<EcgBatch> it = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < all.length;
            }

            @Override
            public EcgBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int to = Math.min(all.length, next + batchSize);
                EcgBatch b = read(Arrays.copyOfRange(all, next, to), leads);
                next = to;
                return b;
            }
        };
        int batches = (all.length + batchSize - 1) / batchSize;
        return StreamSupport.stream(Spliterators.spliterator(it, batches,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }

    /** @return counters of what has been read so far */
    public synchronized ReadStats stats() {
        int openNow = (int) Arrays.stream(open).filter(Objects::nonNull).count();
        return new ReadStats(shardOpens.get(), chunkReads.get(), bytes.get(), openNow);
    }

    // ---------------------------------------------------------------- shard cache

    private int shardOf(int index) {
        int k = Arrays.binarySearch(firstIndex, index);
        return k >= 0 ? k : -k - 2;
    }

    private interface ShardFunction<T> {
        T apply(ShardFile shard, int local);
    }

    private <T> T withShard(int index, ShardFunction<T> f) {
        Objects.checkIndex(index, size);
        int k = shardOf(index);
        ShardFile s = acquire(k);
        try {
            return f.apply(s, (int) (index - firstIndex[k]));
        } finally {
            release(k);
        }
    }

    private <T> T withWholeShard(int k, Function<ShardFile, T> f) {
        ShardFile s = acquire(k);
        try {
            return f.apply(s);
        } finally {
            release(k);
        }
    }

    private synchronized ShardFile acquire(int k) {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
        if (open[k] == null) {
            Path file = dir.resolve(shards.get(k).file());
            if (!verified[k]) {
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException("shard file " + file + " listed in the manifest is missing");
                }
                shards.get(k).verify(file);
                verified[k] = true;
            }
            open[k] = ShardFile.open(file, shards.get(k), spec);
            shardOpens.incrementAndGet();
            evict(k);
        }
        refs[k]++;
        recency.put(k, Boolean.TRUE);
        return open[k];
    }

    private synchronized void release(int k) {
        refs[k]--;
    }

    /** Closes least recently used idle shards while more than {@code maxOpenShards} are open. */
    private void evict(int keep) {
        int openNow = recency.size() + (recency.containsKey(keep) ? 0 : 1);
        Iterator<Integer> it = recency.keySet().iterator();
        while (openNow > maxOpenShards && it.hasNext()) {
            int k = it.next();
            if (k != keep && refs[k] == 0) {
                open[k].close();
                open[k] = null;
                it.remove();
                openNow--;
            }
        }
    }

    /** Closes every open shard file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int k = 0; k < open.length; k++) {
            if (open[k] != null) {
                open[k].close();
                open[k] = null;
            }
        }
        recency.clear();
    }

    @Override
    public String toString() {
        return "EcgStore[" + dir + ", " + size + " records, " + Lead.labels(spec.leads()) + ", "
                + spec.samplingRateHz() + " Hz x " + spec.samples() + "]";
    }
}
