package org.heatbench.datasets.store;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.signal.Delineation;
import org.heatbench.datasets.signal.Delineator;
import org.heatbench.datasets.signal.Measurements;
import org.heatbench.datasets.signal.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills unknown fiducials and targets of a store's median beats in place with HeatBench's delineation
 * ({@link Delineator}, {@link Measurements}) and records the source of every value (per record and value, in the
 * shards' {@code /target_sources} and {@code /fiducial_sources}, see {@link ValueSource}).
 *
 * <p>Crash safety (the manifest holds a SHA-256 per shard, so shards and manifest must change together): every new
 * shard is first written completely to {@code shard-NNNNN.h5.tmp} while the store stays as it was; then the manifest
 * listing the new files' checksums is written (temp + atomic rename) — the commit point; then each {@code .tmp} is
 * renamed over its shard. A crash before the commit leaves the old store (the {@code .tmp} files are discarded by
 * the next run); a crash after it is rolled forward by the next run, which first renames every {@code .tmp} whose
 * checksum the manifest lists. Device values, and values the import measured at the device's fiducials
 * ({@link ValueSource#MEASURED}), are never replaced unless {@code overwriteDevice}; generator and annotated
 * (expert) values never.
 *
 * <p>Merge rule (one record): first the boundaries (P on/off, QRS on/off, T off): each replaceable one takes the
 * delineator's value where it found one, the others (annotated, generator, and device or measured ones without
 * {@code overwriteDevice}) stay. Then the R peak and the targets are measured ({@link Measurements}) at the boundaries
 * now <em>stored</em>, not at the delineator's own: the R peak is the V5 maximum within the stored
 * [{@code qrs_on}, {@code qrs_off}] (HeatBench's definition, {@code BeatMeasurer}), so a replaced R peak never lies
 * outside the stored QRS, and PR, QRS, QT and the V5 amplitudes (baseline at the stored QRS onset, ST-J at the
 * stored J point) agree with the stored fiducials. A value so measured is {@link ValueSource#DELINEATED} when one of
 * the boundaries it rests on (PR: P on, QRS on; QRS, R, ST-J, R peak: QRS on/off; QT: QRS on, T off; T: QRS on/off,
 * T off) was placed by the delineation, else {@link ValueSource#MEASURED} (it rests only on the input's boundaries,
 * like an import's measured value). It is written under the same rule as a boundary (never over an annotated or generator value; over a device or measured
 * one only with {@code overwriteDevice}); a write that changes neither the value nor its source (a measured R peak
 * re-measured at the same annotated QRS) is none and is not counted as filled or replaced. A kept R peak (device,
 * measured without {@code overwriteDevice}, annotated, generator) is not moved, even where new QRS boundaries were
 * filled around it. Where kept and new boundaries are out of order (e.g. an annotated QRS onset after the
 * delineator's QRS offset) a negative interval is not written (logged), and no R peak or V5 amplitude is measured
 * ({@link Measurements} needs QRS off ≥ QRS on).
 *
 * <p>Heart rate: a median beat carries no RR interval, so HR is never measured on it. A record's HR is the device's
 * (kept as it is) or, when the store's metadata sidecar ({@link RecordMetadata}) carries the device's RR or rate
 * under one of {@link DeviceHeartRate#RR_KEYS} / {@link DeviceHeartRate#RATE_KEYS}, filled from it with source
 * {@link ValueSource#DEVICE}; otherwise it stays unknown and is counted ({@link Summary#hrUnknown()}) so the caller
 * can say so. It is never estimated from the median (for example from a next beat inside the window).
 * Memory: one shard's records twice (read batch and write buffer), like a writer. Not thread-safe; no other
 * process may write the store meanwhile.
 */
public final class StoreDelineation {
    private static final Logger LOG = LoggerFactory.getLogger(StoreDelineation.class);

    private StoreDelineation() {
    }

    /**
     * Counts of the values after the run.
     *
     * @param records       records in the store
     * @param filled        values (targets and fiducials) filled by delineation in this run
     * @param replaced      device and measured values replaced ({@code overwriteDevice})
     * @param sources       values per source after the run, over all records
     * @param hrFromMetadata records whose unknown HR was filled from the device's RR or rate in the metadata sidecar
     * @param hrUnknown     records whose HR is still unknown (no rhythm, no device value)
     */
    public record Summary(long records, long filled, long replaced, Map<ValueSource, Long> sources,
            long hrFromMetadata, long hrUnknown) {
    }

    /**
     * @param dir             a complete store
     * @param overwriteDevice also replace values that came with the input: a device's, and those the import measured
     *                        at the input's fiducials ({@link ValueSource#MEASURED})
     * @param delineator      the delineation to use
     * @param measuredAtImport ids → targets that an import measured itself (e.g. {@code --median}); those count as
     *                        {@link ValueSource#DELINEATED}, not device
     */
    public static Summary run(Path dir, boolean overwriteDevice, Delineator delineator,
            Map<String, Set<Target>> measuredAtImport) {
        return run(dir, overwriteDevice, delineator, measuredAtImport, Map.of());
    }

    /**
     * As {@link #run(Path, boolean, Delineator, Map)}, with the targets an import took from an expert's annotation.
     *
     * @param annotatedAtImport ids → targets that came from an expert's annotation in the input (e.g. LUDB's
     *                          cardiologists via {@code --median}); those count as {@link ValueSource#ANNOTATED} and,
     *                          like generator values, are never replaced (not even with {@code overwriteDevice}: the
     *                          expert is the reference the delineation is judged by)
     */
    public static Summary run(Path dir, boolean overwriteDevice, Delineator delineator,
            Map<String, Set<Target>> measuredAtImport, Map<String, Set<Target>> annotatedAtImport) {
        rollForward(dir);
        StoreManifest manifest = StoreManifest.read(dir);
        List<ShardEntry> entries = new ArrayList<>();
        StoreSpec spec = manifest.spec();
        Map<String, String> params = new LinkedHashMap<>(spec.provenance().parameters());
        params.put("delineation", "heatbench Delineator " + delineator.thresholds() + (overwriteDevice
                ? ", device and measured values replaced" : ", device and measured values kept"));
        // the shards carry the provenance too: write them with the updated one
        StoreSpec updated = spec.withProvenance(new Provenance(spec.provenance().kind(), spec.provenance().tool(),
                spec.provenance().source(), params));
        spec = updated;
        ValueSource defaultSource = defaultSource(spec);
        long filled = 0;
        long replaced = 0;
        long hrFromMetadata = 0;
        long hrUnknown = 0;
        Optional<RecordMetadata> metadata = RecordMetadata.read(dir);
        Map<ValueSource, Long> counts = new EnumMap<>(ValueSource.class);
        try (EcgStore store = EcgStore.open(dir)) {
            for (ShardEntry e : manifest.shards()) {
                int n = e.recordCount();
                int first = (int) e.firstIndex();
                Path file = dir.resolve(e.file());
                byte[][][] old = readSources(file, n);
                byte[][] ts = new byte[n][Target.ALL.size()];
                byte[][] fs = new byte[n][Fiducial.ALL.size()];
                ShardBuffer buffer = new ShardBuffer(spec, n);
                EcgBatch batch = store.read(first, first + n);
                for (int i = 0; i < n; i++) {
                    EcgRecord r = batch.record(i);
                    double[] t = r.targets().toArray();
                    int[] f = r.fiducials().toArray();
                    Set<Target> measured = measuredAtImport.getOrDefault(r.id(), Set.of());
                    Set<Target> annotated = annotatedAtImport.getOrDefault(r.id(), Set.of());
                    // the import's statement about a value (annotated, measured on the median) outranks the
                    // sources the import wrote into the shard, which predate the median's own measurements
                    for (int k = 0; k < t.length; k++) {
                        ts[i][k] = Double.isNaN(t[k]) ? ValueSource.UNKNOWN.code()
                                : annotated.contains(Target.ALL.get(k)) ? ValueSource.ANNOTATED.code()
                                : measured.contains(Target.ALL.get(k)) ? ValueSource.DELINEATED.code()
                                : old != null ? old[0][i][k] : defaultSource.code();
                    }
                    for (int k = 0; k < f.length; k++) {
                        fs[i][k] = f[k] < 0 ? ValueSource.UNKNOWN.code()
                                : measuredAtImport.containsKey(r.id()) ? ValueSource.DELINEATED.code()
                                : old != null ? old[1][i][k] : defaultSource.code();
                    }
                    int hr = Target.HR.ordinal();
                    if (Double.isNaN(t[hr]) && metadata.isPresent() && first + i < metadata.get().size()
                            && r.id().equals(metadata.get().id(first + i))) {
                        double deviceHr = DeviceHeartRate.of(metadata.get().metadata(first + i));
                        if (!Double.isNaN(deviceHr)) {
                            t[hr] = deviceHr;
                            ts[i][hr] = ValueSource.DEVICE.code();
                            hrFromMetadata++;
                        }
                    }
                    hrUnknown += Double.isNaN(t[hr]) ? 1 : 0;
                    Recording rec = Recording.of(r, spec.samplingRateHz());
                    double rr = Double.isNaN(t[hr]) ? Double.NaN : 60000 / t[hr];
                    Delineation d = delineator.delineate(rec, rr);
                    int[] nf = d.toFiducials(-1).toArray();
                    Merge merge = new Merge(overwriteDevice);
                    for (Fiducial x : BOUNDARIES) {
                        int k = x.ordinal();
                        if (nf[k] >= 0 && merge.takes(ValueSource.of(fs[i][k]), f[k] == nf[k],
                                ValueSource.DELINEATED)) {
                            f[k] = nf[k];
                            fs[i][k] = ValueSource.DELINEATED.code();
                        }
                    }
                    // the R peak and the targets are measured at the boundaries now stored, not at the delineator's
                    // own where some of those were kept (class Javadoc): r_peak stays within [qrs_on, qrs_off]
                    Measurements m = Measurements.of(rec, new Delineation(f[Fiducial.P_ON.ordinal()],
                            f[Fiducial.P_OFF.ordinal()], f[Fiducial.QRS_ON.ordinal()], f[Fiducial.QRS_OFF.ordinal()],
                            d.tPeak(), f[Fiducial.T_OFF.ordinal()]), rr);
                    int rp = Fiducial.R_PEAK.ordinal();
                    ValueSource rSource = measuredSource(fs[i], Fiducial.QRS_ON, Fiducial.QRS_OFF);
                    if (m.rPeak() >= 0 && merge.takes(ValueSource.of(fs[i][rp]), f[rp] == m.rPeak(), rSource)) {
                        f[rp] = m.rPeak();
                        fs[i][rp] = rSource.code();
                    }
                    double[] nt = m.targets().toArray();
                    for (int k = 1; k < t.length; k++) { // k = 0 is HR: not measurable on a median
                        ValueSource now = measuredSource(fs[i], restsOn(Target.ALL.get(k)));
                        // kept and new boundaries out of order (a negative interval): nothing is measured there
                        boolean outOfOrder = nt[k] < 0 && "ms".equals(Target.ALL.get(k).unit());
                        if (outOfOrder) {
                            LOG.warn("{}: {} not measured, stored boundaries out of order", r.id(),
                                    Target.ALL.get(k).key());
                        }
                        if (!Double.isNaN(nt[k]) && !outOfOrder && merge.takes(ValueSource.of(ts[i][k]),
                                Double.compare(t[k], nt[k]) == 0, now)) {
                            t[k] = nt[k];
                            ts[i][k] = now.code();
                        }
                    }
                    filled += merge.filled;
                    replaced += merge.replaced;
                    for (byte b : ts[i]) {
                        counts.merge(ValueSource.of(b), 1L, Long::sum);
                    }
                    for (byte b : fs[i]) {
                        counts.merge(ValueSource.of(b), 1L, Long::sum);
                    }
                    buffer.add(new EcgRecord(r.id(), r.leads(), r.samples(), r.signal(), Targets.of(t),
                            Fiducials.of(f)), batch.split(i));
                }
                int shardIndex = (int) (e.firstIndex() / spec.shardSize());
                Path tmp = dir.resolve(e.file() + ".tmp");
                ShardFile.write(tmp, spec, shardIndex, e.firstIndex(), buffer, ts, fs);
                entries.add(new ShardEntry(e.file(), e.firstIndex(), n, ShardEntry.sha256Of(tmp)));
                LOG.info("delineated {} ({} records)", e.file(), n);
            }
        }
        new StoreManifest(updated, true, entries).writeTo(dir); // the commit point
        rollForward(dir);
        return new Summary(manifest.recordCount(), filled, replaced, counts, hrFromMetadata, hrUnknown);
    }

    /**
     * Completes an interrupted run: renames each {@code shard-NNNNN.h5.tmp} whose checksum the manifest lists over its
     * shard, and deletes the others (written before the commit point, or by an interrupted writer).
     */
    private static void rollForward(Path dir) {
        StoreManifest manifest = StoreManifest.read(dir);
        for (ShardEntry e : manifest.shards()) {
            Path tmp = dir.resolve(e.file() + ".tmp");
            try {
                Files.deleteIfExists(dir.resolve(e.file() + ".tmp.tmp")); // a shard write cut short
                if (!Files.exists(tmp)) {
                    continue;
                }
                if (e.sha256() != null && e.sha256().equals(ShardEntry.sha256Of(tmp))) {
                    Files.move(tmp, dir.resolve(e.file()), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.delete(tmp);
                }
            } catch (IOException x) {
                throw new UncheckedIOException("cannot complete the delineation of shard " + tmp, x);
            }
        }
    }

    /** The fiducials the delineator places; the R peak is measured within the stored QRS after they are merged. */
    private static final List<Fiducial> BOUNDARIES = List.of(Fiducial.P_ON, Fiducial.P_OFF, Fiducial.QRS_ON,
            Fiducial.QRS_OFF, Fiducial.T_OFF);

    /** The boundaries a target is measured at ({@link Measurements}); HR rests on none (it is never measured here). */
    static Fiducial[] restsOn(Target t) {
        return switch (t) {
            case HR -> new Fiducial[0];
            case PR -> new Fiducial[] {Fiducial.P_ON, Fiducial.QRS_ON};
            case QRS, R_AMP_V5, STJ_V5 -> new Fiducial[] {Fiducial.QRS_ON, Fiducial.QRS_OFF};
            case QT -> new Fiducial[] {Fiducial.QRS_ON, Fiducial.T_OFF};
            case T_AMP_V5 -> new Fiducial[] {Fiducial.QRS_ON, Fiducial.QRS_OFF, Fiducial.T_OFF};
        };
    }

    /**
     * The source of a value measured at stored boundaries: {@link ValueSource#DELINEATED} when one of them was placed
     * by HeatBench's delineation, else {@link ValueSource#MEASURED} (all came with the input: our arithmetic on the
     * input's fiducials).
     */
    static ValueSource measuredSource(byte[] fiducialSources, Fiducial... boundaries) {
        for (Fiducial b : boundaries) {
            if (ValueSource.of(fiducialSources[b.ordinal()]) == ValueSource.DELINEATED) {
                return ValueSource.DELINEATED;
            }
        }
        return ValueSource.MEASURED;
    }

    /** Decides per value whether a new one is written, and counts what it replaces or fills (one record). */
    private static final class Merge {
        private final boolean overwriteDevice;
        long filled;
        long replaced;

        Merge(boolean overwriteDevice) {
            this.overwriteDevice = overwriteDevice;
        }

        /**
         * @param old       the stored value's source
         * @param sameValue whether the new value equals the stored one
         * @param now       the new value's source
         * @return whether the new value is written: the old is replaceable and the write changes value or source
         *     (re-measuring a measured value to the same number is no replacement and is not counted)
         */
        boolean takes(ValueSource old, boolean sameValue, ValueSource now) {
            if (!replaceable(old, overwriteDevice) || sameValue && old == now) {
                return false;
            }
            replaced += isInputValue(old) ? 1 : 0;
            filled += old == ValueSource.UNKNOWN ? 1 : 0;
            return true;
        }
    }

    private static boolean replaceable(ValueSource src, boolean overwriteDevice) {
        return src == ValueSource.UNKNOWN || src == ValueSource.DELINEATED || (overwriteDevice && isInputValue(src));
    }

    /**
     * A value that came with the input: the device's, or measured by the import at the input's fiducials
     * ({@link ValueSource#MEASURED}, which rests on the device's or an annotator's fiducials and so outranks our own
     * delineation). {@link ValueSource#ANNOTATED} is not one of them: it is never replaced.
     * Both are kept unless {@code overwriteDevice}, and both count as {@link Summary#replaced()} when replaced.
     */
    private static boolean isInputValue(ValueSource src) {
        return src == ValueSource.DEVICE || src == ValueSource.MEASURED;
    }

    /**
     * @return the source of a known value that a store does not record: {@link ValueSource#GENERATOR} for a
     *     synthetic store, {@link ValueSource#DEVICE} for an import
     */
    public static ValueSource defaultSource(StoreSpec spec) {
        return "synthetic".equals(spec.provenance().kind()) ? ValueSource.GENERATOR : ValueSource.DEVICE;
    }

    /**
     * The source of one target for every record of a store, in store order: the shards' {@code /target_sources}
     * where present, else the provenance's default ({@link ValueSource#GENERATOR} for synthetic stores,
     * {@link ValueSource#DEVICE} for imports) for a known value and {@link ValueSource#UNKNOWN} for NaN.
     *
     * @param dir    a complete store
     * @param values the target's values in store order ({@link EcgStore#targetValues}), for the default rule
     */
    public static ValueSource[] targetSources(Path dir, Target target, double[] values) {
        StoreManifest manifest = StoreManifest.read(dir);
        ValueSource defaultSource = defaultSource(manifest.spec());
        ValueSource[] out = new ValueSource[values.length];
        for (ShardEntry e : manifest.shards()) {
            int first = (int) e.firstIndex();
            byte[][][] stored = readSources(dir.resolve(e.file()), e.recordCount());
            for (int i = 0; i < e.recordCount() && first + i < out.length; i++) {
                out[first + i] = stored != null ? ValueSource.of(stored[0][i][target.ordinal()])
                        : Double.isNaN(values[first + i]) ? ValueSource.UNKNOWN : defaultSource;
            }
        }
        return out;
    }

    /**
     * @return {target sources [n][7], fiducial sources [n][6]} of a shard, or null when the shard has none (a store
     *         never delineated)
     */
    public static byte[][][] readSources(Path shardFile, int n) {
        try (HdfFile hdf = new HdfFile(shardFile)) {
            Node t = hdf.getChildren().get(ShardFile.TARGET_SOURCES);
            Node f = hdf.getChildren().get(ShardFile.FIDUCIAL_SOURCES);
            if (!(t instanceof Dataset td) || !(f instanceof Dataset fd)) {
                return null;
            }
            return new byte[][][] {(byte[][]) td.getData(), (byte[][]) fd.getData()};
        }
    }
}
