package org.heatbench.datasets.truth;

import java.util.Optional;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;

/**
 * One binary label of every record of a store: from the store's {@code record-metadata.jsonl} when it lists the
 * label, otherwise — for a {@link SyntheticLabel} name — derived from the store's measured targets with the same
 * rules {@code heatbench dataset label} writes. So a synthetic store is usable by a classifier's training and study
 * without first writing the sidecar, and an imported store's device measurements give its synthetic labels.
 *
 * @param values per store index the label likelihood (0 or 1 when derived), NaN when unknown (unlabelled record, or
 *     a measurement the rule needs is missing)
 * @param source where the values came from, for provenance
 */
public record LabelColumn(double[] values, String source) {

    /** Source text of labels read from the sidecar. */
    public static final String FROM_SIDECAR = "store labels (" + RecordMetadata.FILE + ")";
    /** Source text of labels derived from the targets. */
    public static final String DERIVED = "derived from the store's measured targets by SyntheticLabel (the rules of "
            + "'heatbench dataset label')";

    /**
     * @return the column of {@code label}, or empty when the store's sidecar does not list it and it is not a
     *     synthetic label
     */
    public static Optional<LabelColumn> of(EcgStore store, String label) {
        return of(store, label, RecordMetadata.read(store.directory()));
    }

    /** As {@link #of(EcgStore, String)} with the store's sidecar already read (or empty). */
    public static Optional<LabelColumn> of(EcgStore store, String label, Optional<RecordMetadata> meta) {
        double[] v = new double[store.size()];
        if (meta.isPresent() && meta.get().labelNames().contains(label)) {
            int k = meta.get().labelNames().indexOf(label);
            for (int i = 0; i < v.length; i++) {
                v[i] = i < meta.get().size() ? meta.get().labels(i)[k] : Double.NaN;
            }
            return Optional.of(new LabelColumn(v, FROM_SIDECAR));
        }
        Optional<SyntheticLabel> syn = SyntheticLabel.byLabel(label);
        if (syn.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = syn.get().of(store.targets(i));
        }
        return Optional.of(new LabelColumn(v, DERIVED));
    }
}
