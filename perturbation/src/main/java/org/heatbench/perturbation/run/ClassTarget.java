package org.heatbench.perturbation.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.truth.LabelColumn;
import org.heatbench.datasets.truth.RelevanceMask;
import org.heatbench.datasets.truth.SyntheticLabel;
import org.heatbench.perturbation.eval.Classification;

/**
 * A classifier's class explained as a target: its free-text key, how the class output is scored and the truth — the
 * store label named by {@code label}, as a likelihood in [0, 1] per store index (NaN = unlabelled: the record keeps its
 * prediction-change curves and is counted as without truth, never dropped).
 *
 * @param key the target key of the spec ({@code afib}, ...); names the stream keys, results and report section
 * @param classification probability, curve and loss definitions
 * @param label the store label ({@code record-metadata.jsonl}) that is the truth; empty = none (change curves only)
 * @param truth per store index the label likelihood, NaN when unknown; length = the store's record count (the array is
 *     shared, not copied: do not modify it)
 * @param evidence the regression target whose relevance mask (from the fiducials) is the class's evidence (the
 *     spec's {@code evidence: qrs}); null = none
 * @param labelEvidence a synthetic label whose own evidence mask ({@link SyntheticLabel#mask}: the PR interval for
 *     AVB1, the QRS for WIDE_QRS, ...) is the class's evidence; used when {@code evidence} is null; null = none. Without
 *     either, records have no mask (no localization).
 */
public record ClassTarget(String key, Classification classification, String label, double[] truth,
        org.heatbench.datasets.Target evidence, SyntheticLabel labelEvidence) {

    /** A class whose evidence is a regression target's mask (or none). */
    public ClassTarget(String key, Classification classification, String label, double[] truth,
            org.heatbench.datasets.Target evidence) {
        this(key, classification, label, truth, evidence, null);
    }

    public ClassTarget {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(truth, "truth");
        label = label == null ? "" : label;
        if (key == null || !key.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigurationException("classification target key '" + key + "' must be 1-64 letters, digits, "
                    + "'_', '.' or '-' (it names files)");
        }
    }

    /**
     * The evidence mask of one record: the regression target's mask when {@link #evidence()} is set, else the synthetic
     * label's ({@link #labelEvidence()}); null when the class has none or the record lacks what it needs.
     *
     * @return the mask as [leads, samples] booleans, or null
     */
    public boolean[] evidenceMask(Fiducials fiducials, Targets targets, List<Lead> leads, int samples,
            double samplingRateHz) {
        RelevanceMask m = evidence != null
                ? RelevanceMask.of(evidence, fiducials, targets, leads, samples, samplingRateHz)
                : labelEvidence != null ? labelEvidence.mask(fiducials, targets, leads, samples, samplingRateHz) : null;
        return m != null && m.isDefined() ? m.toArray() : null;
    }

    /**
     * Reads a store label as the truth of a class target.
     *
     * @param field the spec field or option that names the label, for messages
     * @return per store index the likelihood of {@code label} ({@link LabelColumn}: the store's label sidecar, or a
     *     synthetic label derived from the measured targets), NaN where the record is unlabelled
     * @throws ConfigurationException when the store has no such label and it is not synthetic, naming the known
     *     labels
     */
    public static double[] labelsOf(EcgStore store, String label, String field) {
        Optional<RecordMetadata> meta = RecordMetadata.read(store.directory());
        // a synthetic label (AVB1, WIDE_QRS, ...) the sidecar does not list is derived from the measured targets
        return LabelColumn.of(store, label, meta).map(LabelColumn::values).orElseThrow(() ->
                new ConfigurationException(meta.isEmpty()
                        ? field + ": the store " + store.directory() + " has no labels (" + RecordMetadata.FILE
                                + ") and '" + label + "' is not a synthetic label " + SYNTHETIC + "; add labels with "
                                + "'heatbench dataset label', or evaluate change curves only (a spec's truth: false)"
                        : field + ": the store has no label '" + label + "'; its labels are "
                                + meta.get().labelNames() + " (synthetic labels " + SYNTHETIC + " are derived from "
                                + "the targets)"));
    }

    private static final List<String> SYNTHETIC = java.util.Arrays.stream(SyntheticLabel.values())
            .map(SyntheticLabel::label).toList();

    /** @return the truth of store record {@code index}: its label likelihood, NaN when unknown or out of range */
    public double truthOf(int index) {
        return index >= 0 && index < truth.length ? truth[index] : Double.NaN;
    }
}
