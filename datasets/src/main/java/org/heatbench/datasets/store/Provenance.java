package org.heatbench.datasets.store;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a store's records came from. Immutable; parameters are kept sorted by name so that equal provenance
 * serialises to equal bytes.
 *
 * @param kind       {@code synthetic} for the generator, {@code import} for an importer, or a caller's own word
 * @param tool       the program and version that wrote the store, e.g. {@code heatbench-datasets 0.1.0}
 * @param source     a short description of the input (generator model name, import format and input path)
 * @param parameters every parameter that influences the content (seed, fractions, options), as strings
 */
public record Provenance(String kind, String tool, String source, Map<String, String> parameters) {

    public Provenance {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(source, "source");
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /** @return the parameters sorted by name */
    public Map<String, String> sortedParameters() {
        return new TreeMap<>(parameters);
    }
}
