package org.heatbench.training;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.truth.LabelColumn;
import org.heatbench.datasets.truth.SyntheticLabel;

/**
 * The records of one split with every requested binary label known, held in memory for classifier training: the
 * signals (as a {@link SplitData} whose {@code targets} are unused NaN) and a label matrix [n, labels] of 0/1.
 *
 * <p>Labels come from the store's {@code record-metadata.jsonl} ({@code heatbench dataset label} or an import) when it
 * has all of them; otherwise, when every name is a {@link SyntheticLabel}, they are derived from the store's
 * measured targets with the same rules ({@code heatbench dataset label} writes exactly these). A record with any
 * requested label unknown (NaN) is left out and counted in {@code data.skippedMissing()}, never silently.
 *
 * @param data signals of the kept records (store indices ascending)
 * @param labels n × labels.size() values, 0 or 1 (likelihoods ≥ 0.5 count as 1)
 * @param names the label names, in output order
 * @param source where the labels came from, for the model card
 */
public record LabelledSplit(SplitData data, float[] labels, List<String> names, String source) {

    /** Records read per store call while loading. */
    private static final int CHUNK = 1024;

    /** @return number of records */
    public int size() {
        return data.size();
    }

    /**
     * A store's labels.
     *
     * @param values per store index the requested labels, NaN = unknown
     * @param source where they came from
     */
    public record StoreLabels(double[][] values, String source) {
    }

    /**
     * Per store index, the requested labels (NaN = unknown), from the sidecar or derived from the targets.
     *
     * @throws ConfigurationException naming the unknown label and the ones the store has
     */
    public static StoreLabels storeLabels(EcgStore store, List<String> names) {
        Optional<RecordMetadata> meta = RecordMetadata.read(store.directory());
        double[][] v = new double[store.size()][names.size()];
        java.util.Set<String> sources = new java.util.LinkedHashSet<>();
        for (int k = 0; k < names.size(); k++) {
            String n = names.get(k);
            LabelColumn c = LabelColumn.of(store, n, meta).orElseThrow(() -> new ConfigurationException(
                    "--labels: label '" + n + "' is not a synthetic label ("
                    + Arrays.stream(SyntheticLabel.values()).map(SyntheticLabel::label).toList() + ")"
                    + (meta.isPresent() ? " nor a label of " + store.directory() + " " + meta.get().labelNames()
                            : " and " + store.directory() + " has no " + RecordMetadata.FILE)));
            for (int i = 0; i < v.length; i++) {
                v[i][k] = c.values()[i];
            }
            sources.add(c.source());
        }
        return new StoreLabels(v, String.join("; ", sources));
    }

    /**
     * Loads the records of {@code split} whose requested labels are all known.
     *
     * @param limit at most this many (the first ones in store order); 0 = all
     */
    public static LabelledSplit load(EcgStore store, Split split, List<String> names, List<Lead> leads, int limit) {
        StoreLabels sl = storeLabels(store, names);
        double[][] all = sl.values();
        int[] idx = store.indicesOf(split);
        int[] kept = Arrays.stream(idx).filter(i -> Arrays.stream(all[i]).noneMatch(Double::isNaN)).toArray();
        int skipped = idx.length - kept.length;
        if (limit > 0 && kept.length > limit) {
            kept = Arrays.copyOf(kept, limit);
        }
        int rec = leads.size() * store.samples();
        float[] sig = new float[Math.multiplyExact(kept.length, rec)];
        float[] lab = new float[kept.length * names.size()];
        for (int from = 0; from < kept.length; from += CHUNK) {
            int to = Math.min(kept.length, from + CHUNK);
            EcgBatch b = store.read(Arrays.copyOfRange(kept, from, to), leads);
            b.copySignalsTo(sig, from * rec);
        }
        for (int i = 0; i < kept.length; i++) {
            for (int k = 0; k < names.size(); k++) {
                lab[i * names.size() + k] = all[kept[i]][k] >= 0.5 ? 1f : 0f;
            }
        }
        double[] none = new double[kept.length];
        Arrays.fill(none, Double.NaN);
        return new LabelledSplit(new SplitData(kept, sig, none, List.copyOf(leads), store.samples(), skipped), lab,
                List.copyOf(names), sl.source());
    }

    /** @return the positive count of label {@code k} */
    public int positives(int k) {
        int p = 0;
        for (int i = 0; i < size(); i++) {
            p += labels[i * names.size() + k] > 0.5f ? 1 : 0;
        }
        return p;
    }
}
