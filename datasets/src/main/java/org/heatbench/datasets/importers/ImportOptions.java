package org.heatbench.datasets.importers;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.StoreSpec;

/**
 * How records are fitted into the store being written. Immutable.
 *
 * @param spec            the store to write (leads, rate, window, encoding, shards, split policy); its provenance is
 *                        replaced by the import's
 * @param requiredTargets records missing any of these are rejected; other missing targets are stored as NaN and
 *                        counted
 * @param lengthPolicy    what to do when a record's length differs from the store's
 * @param parameters      the importer's own settings (source rate, units, ...), recorded in the provenance
 */
public record ImportOptions(StoreSpec spec, Set<Target> requiredTargets, LengthPolicy lengthPolicy,
        Map<String, String> parameters) {

    public ImportOptions {
        requiredTargets = requiredTargets.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requiredTargets));
        parameters = Map.copyOf(parameters);
    }

    /** No required targets, {@link LengthPolicy#FIT}, no extra parameters. */
    public static ImportOptions of(StoreSpec spec) {
        return new ImportOptions(spec, Set.of(), LengthPolicy.FIT, Map.of());
    }

    public ImportOptions withRequiredTargets(Set<Target> targets) {
        return new ImportOptions(spec, targets, lengthPolicy, parameters);
    }

    public ImportOptions withLengthPolicy(LengthPolicy policy) {
        return new ImportOptions(spec, requiredTargets, policy, parameters);
    }

    public ImportOptions withParameters(Map<String, String> params) {
        return new ImportOptions(spec, requiredTargets, lengthPolicy, params);
    }

    /** @return every setting for the provenance, sorted by name */
    Map<String, String> provenanceParameters() {
        Map<String, String> m = new LinkedHashMap<>(new TreeMap<>(parameters));
        m.put("length_policy", lengthPolicy.name().toLowerCase(Locale.ROOT));
        m.put("required_targets", String.join(",", requiredTargets.stream().sorted().map(Target::key).toList()));
        return m;
    }
}
