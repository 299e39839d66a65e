package org.heatbench.perturbation.run;

import java.util.Objects;
import org.heatbench.core.ConfigurationException;
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
 * @param evidence the regression target whose relevance mask (from the fiducials) is the class's evidence, e.g. QRS
 *     for a wide-QRS label ({@link org.heatbench.datasets.truth.SyntheticLabel}); null = no mask (no localization)
 */
public record ClassTarget(String key, Classification classification, String label, double[] truth,
        org.heatbench.datasets.Target evidence) {

    public ClassTarget {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(truth, "truth");
        label = label == null ? "" : label;
        if (key == null || !key.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigurationException("classification target key '" + key + "' must be 1-64 letters, digits, "
                    + "'_', '.' or '-' (it names files)");
        }
    }

    /** @return the truth of store record {@code index}: its label likelihood, NaN when unknown or out of range */
    public double truthOf(int index) {
        return index >= 0 && index < truth.length ? truth[index] : Double.NaN;
    }
}
