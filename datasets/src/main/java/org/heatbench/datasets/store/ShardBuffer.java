package org.heatbench.datasets.store;

import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;

/**
 * The records of one shard held in memory in the arrays the HDF5 writer takes. Validates each record as it is
 * added (lead layout, length, finite samples, int16 range), and each record's value sources: the shard carries
 * {@code /target_sources} and {@code /fiducial_sources} only when some record has a value that did not come from the
 * store's default source ({@link ValueSources}); otherwise readers infer them from the provenance as before. Not
 * thread-safe: one buffer per producing thread.
 */
final class ShardBuffer {
    private final StoreSpec spec;
    private final int capacity;
    private final float[][][] floats;
    private final short[][][] shorts;
    private final String[] ids;
    private final byte[] splits;
    private final double[][] targets;
    private final int[][] fiducials;
    private final byte[][] targetSources;
    private final byte[][] fiducialSources;
    private final ValueSource defaultSource;
    private boolean explicitSources;
    private int count;

    ShardBuffer(StoreSpec spec, int capacity) {
        this.spec = spec;
        this.capacity = capacity;
        int leads = spec.leads().size();
        if (spec.sampleType() == SampleType.FLOAT32) {
            floats = new float[capacity][leads][spec.samples()];
            shorts = null;
        } else {
            floats = null;
            shorts = new short[capacity][leads][spec.samples()];
        }
        ids = new String[capacity];
        splits = new byte[capacity];
        targets = new double[capacity][];
        fiducials = new int[capacity][];
        targetSources = new byte[capacity][];
        fiducialSources = new byte[capacity][];
        defaultSource = StoreDelineation.defaultSource(spec);
    }

    int count() {
        return count;
    }

    boolean isFull() {
        return count == capacity;
    }

    String id(int i) {
        return ids[i];
    }

    /**
     * Adds a record already in the store's lead layout.
     *
     * @throws InvalidInputException naming the record when it does not fit the store
     */
    void add(EcgRecord r, Split split) {
        add(r, split, ValueSources.DEFAULT);
    }

    /**
     * As {@link #add(EcgRecord, Split)}, with the sources of the record's values that did not come from the store's
     * default source.
     */
    void add(EcgRecord r, Split split, ValueSources sources) {
        if (isFull()) {
            throw new IllegalStateException("shard buffer is full");
        }
        if (!r.leads().equals(spec.leads())) {
            throw new InvalidInputException("record " + r.id() + " has leads " + r.leads() + ", the store "
                    + spec.leads());
        }
        if (r.samples() != spec.samples()) {
            throw new InvalidInputException("record " + r.id() + " has " + r.samples() + " samples per lead, the store "
                    + spec.samples());
        }
        String bad = r.firstNonFinite();
        if (bad != null) {
            throw new InvalidInputException("record " + r.id() + ": " + bad + "; samples must be finite");
        }
        int leads = spec.leads().size();
        if (floats != null) {
            for (int k = 0; k < leads; k++) {
                r.copyLeadTo(k, floats[count][k], 0);
            }
        } else {
            double scale = spec.scaleUv();
            for (int k = 0; k < leads; k++) {
                short[] row = shorts[count][k];
                for (int t = 0; t < spec.samples(); t++) {
                    long q = Math.round(r.sample(k, t) / scale);
                    if (q < Short.MIN_VALUE || q > Short.MAX_VALUE) {
                        throw new InvalidInputException("record " + r.id() + ": lead " + spec.leads().get(k).label()
                                + " sample " + t + " = " + r.sample(k, t) + " µV does not fit int16 at a scale of "
                                + scale + " µV");
                    }
                    row[t] = (short) q;
                }
            }
        }
        ids[count] = r.id();
        splits[count] = split.code();
        targets[count] = r.targets().toArray();
        fiducials[count] = r.fiducials().toArray();
        targetSources[count] = sources.targetCodes(r.targets(), defaultSource);
        fiducialSources[count] = sources.fiducialCodes(r.fiducials(), defaultSource);
        // a stated source for a missing value changes nothing: only codes that differ from the default count
        explicitSources |= !sources.isDefault()
                && (!Arrays.equals(targetSources[count], ValueSources.DEFAULT.targetCodes(r.targets(), defaultSource))
                || !Arrays.equals(fiducialSources[count], ValueSources.DEFAULT.fiducialCodes(r.fiducials(),
                        defaultSource)));
        count++;
    }

    /** @return the signal array trimmed to {@link #count()} records: float[n][leads][samples] or short[...] */
    Object signals() {
        return floats != null ? Arrays.copyOf(floats, count) : Arrays.copyOf(shorts, count);
    }

    String[] ids() {
        return Arrays.copyOf(ids, count);
    }

    byte[] splits() {
        return Arrays.copyOf(splits, count);
    }

    double[][] targets() {
        return Arrays.copyOf(targets, count);
    }

    int[][] fiducials() {
        return Arrays.copyOf(fiducials, count);
    }

    /** @return the target source codes [n][7], or null when every record's values have the default source */
    byte[][] targetSources() {
        return explicitSources ? Arrays.copyOf(targetSources, count) : null;
    }

    /** @return the fiducial source codes [n][6], or null when every record's values have the default source */
    byte[][] fiducialSources() {
        return explicitSources ? Arrays.copyOf(fiducialSources, count) : null;
    }
}
