package org.heatbench.datasets.importers.tables;

import java.util.Map;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;

/**
 * What a table says about one record. Immutable.
 *
 * @param targets        target values (only those the table gives)
 * @param fiducials      {@code p_on, p_off, qrs_on, qrs_off, t_off, r_peak} in samples at {@code fiducialRateHz}
 *                       (-1 unknown), or null when the table has none
 * @param fiducialRateHz the rate of those sample indices
 * @param labels         binary labels with likelihoods in [0, 1] (empty when the table has none)
 * @param split          the split the table assigns, or null
 * @param metadata       extra metadata (age, sex, report, ...)
 */
public record TableEntry(Map<Target, Double> targets, int[] fiducials, double fiducialRateHz,
        Map<String, Double> labels, Split split, Map<String, String> metadata) {

    public TableEntry {
        targets = Map.copyOf(targets);
        fiducials = fiducials == null ? null : fiducials.clone();
        labels = Map.copyOf(labels);
        metadata = Map.copyOf(metadata);
    }

    @Override
    public int[] fiducials() {
        return fiducials == null ? null : fiducials.clone();
    }
}
