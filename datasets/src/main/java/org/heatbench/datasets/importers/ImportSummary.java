package org.heatbench.datasets.importers;

import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.StoreManifest;

/**
 * The outcome of an import: every input is either imported or listed as rejected with its reason. Immutable.
 *
 * @param source         the source's description
 * @param read           inputs seen (records read plus inputs rejected before they became records)
 * @param imported       records written to the store
 * @param rejections     every rejected input, in input order
 * @param resampled      imported records that were resampled to the store's rate
 * @param padded         imported records padded at the end to the store's length
 * @param cropped        imported records cut at the end to the store's length
 * @param missingTargets per target, imported records whose value is missing (NaN)
 * @param manifest       the written store's manifest
 */
public record ImportSummary(String source, long read, long imported, List<SourceItem.Rejected> rejections,
        long resampled, long padded, long cropped, Map<Target, Long> missingTargets, StoreManifest manifest) {

    public ImportSummary {
        rejections = List.copyOf(rejections);
        missingTargets = Map.copyOf(missingTargets);
    }

    /** @return number of rejected inputs */
    public long rejected() {
        return rejections.size();
    }

    /** @return e.g. {@code imported 98, rejected 2 (of 100 read)} */
    public String headline() {
        return "imported " + imported + ", rejected " + rejected() + " (of " + read + " read)";
    }
}
