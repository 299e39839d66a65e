package org.heatbench.training;

import java.util.Arrays;
import java.util.List;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;

/**
 * The records of one split with a finite target, held in memory: signals [n, leads, samples] µV (lead-major) and
 * targets in the target's unit. Records with a missing (NaN) target are left out and counted.
 *
 * @param indices store indices of the kept records, ascending; -1 for records joined from another store
 *                ({@link #joinedWith})
 * @param signals n × leads × samples values
 * @param targets n values
 * @param leads the leads read
 * @param samples samples per lead
 * @param skippedMissing records of the split left out for a missing target
 */
public record SplitData(int[] indices, float[] signals, double[] targets, List<Lead> leads, int samples,
        int skippedMissing) {

    /** Records read per store call while loading. */
    private static final int CHUNK = 1024;

    /** @return number of records */
    public int size() {
        return indices.length;
    }

    /** @return values per record */
    public int recordSize() {
        return leads.size() * samples;
    }

    /**
     * This split followed by {@code repeat} copies of {@code other}'s records (same leads and samples), for
     * {@link AddedTraining}: the joined records carry index -1, and {@code skippedMissing} adds up.
     */
    public SplitData joinedWith(SplitData other, int repeat) {
        int[] each = new int[other.size()];
        Arrays.fill(each, repeat);
        return joinedWith(other, each);
    }

    /**
     * This split followed by {@code other}'s records, record {@code i} {@code repeats[i]} times: copy {@code k} of
     * {@code other} (k = 0, 1, …) holds, in order, the records with more than {@code k} repeats — so equal repeats
     * give the layout of {@link #joinedWith(SplitData, int)}. Joined records carry index -1, and
     * {@code skippedMissing} adds up.
     */
    public SplitData joinedWith(SplitData other, int[] repeats) {
        if (!other.leads.equals(leads) || other.samples != samples) {
            throw new IllegalArgumentException("cannot join records of " + other.leads + " × " + other.samples
                    + " to " + leads + " × " + samples);
        }
        if (repeats.length != other.size()) {
            throw new IllegalArgumentException(repeats.length + " repeats for " + other.size() + " records");
        }
        long added = 0;
        int most = 0;
        for (int r : repeats) {
            if (r < 0) {
                throw new IllegalArgumentException("negative repeat " + r);
            }
            added += r;
            most = Math.max(most, r);
        }
        int n = Math.toIntExact(size() + added);
        int rec = recordSize();
        float[] sig = Arrays.copyOf(signals, Math.multiplyExact(n, rec));
        double[] t = Arrays.copyOf(targets, n);
        int[] idx = Arrays.copyOf(indices, n);
        Arrays.fill(idx, size(), n, -1);
        int at = size();
        for (int k = 0; k < most; k++) {
            for (int i = 0; i < other.size(); i++) {
                if (repeats[i] > k) {
                    System.arraycopy(other.signals, i * rec, sig, at * rec, rec);
                    t[at++] = other.targets[i];
                }
            }
        }
        return new SplitData(idx, sig, t, leads, samples, skippedMissing + other.skippedMissing);
    }

    /**
     * Loads the records of {@code split} with a finite {@code target}.
     *
     * @param limit at most this many (the first ones in store order); 0 = all
     */
    public static SplitData load(EcgStore store, Split split, Target target, List<Lead> leads, int limit) {
        double[] all = store.targetValues(target);
        int[] idx = store.indicesOf(split);
        int[] kept = Arrays.stream(idx).filter(i -> Double.isFinite(all[i])).toArray();
        int skipped = idx.length - kept.length;
        if (limit > 0 && kept.length > limit) {
            kept = Arrays.copyOf(kept, limit);
        }
        int rec = leads.size() * store.samples();
        float[] sig = new float[Math.multiplyExact(kept.length, rec)];
        double[] t = new double[kept.length];
        for (int from = 0; from < kept.length; from += CHUNK) {
            int to = Math.min(kept.length, from + CHUNK);
            EcgBatch b = store.read(Arrays.copyOfRange(kept, from, to), leads);
            b.copySignalsTo(sig, from * rec);
            for (int i = from; i < to; i++) {
                t[i] = all[kept[i]];
            }
        }
        return new SplitData(kept, sig, t, List.copyOf(leads), store.samples(), skipped);
    }
}
