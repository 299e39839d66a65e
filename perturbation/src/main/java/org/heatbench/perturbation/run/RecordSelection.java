package org.heatbench.perturbation.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;

/**
 * Which records of a store an evaluation covers — one implementation for {@code heatbench perturb} and the specs of
 * {@code heatbench run}: explicit record ids (store order, each once), or a split ({@code train}, {@code val},
 * {@code test} or {@code all}) cut to its first {@code limit} records in store order. Errors name the setting as the
 * caller spells it ({@link Names}). Immutable, thread-safe.
 *
 * @param split a split label or {@code all}
 * @param limit at most this many records of the split (0 = all of them); ignored with ids
 * @param ids explicit record ids (empty = by split)
 */
public record RecordSelection(String split, int limit, List<String> ids) {
    public RecordSelection {
        ids = List.copyOf(ids);
    }

    /**
     * How the caller names the settings in messages.
     *
     * @param split e.g. {@code dataset.split} or {@code --split}
     * @param limit e.g. {@code dataset.limit} or {@code --records}
     * @param ids e.g. {@code dataset.ids} or {@code --ids}
     */
    public record Names(String split, String limit, String ids) {
        /** The names of an experiment spec's {@code dataset} block. */
        public static final Names SPEC = new Names("dataset.split", "dataset.limit", "dataset.ids");
    }

    /**
     * @return the selected store indices, ascending
     * @throws ConfigurationException naming the setting: a negative limit, an unknown id, an id listed twice, an
     *     unknown or empty split
     */
    public int[] indices(EcgStore store, Names names) {
        if (limit < 0) {
            throw new ConfigurationException(names.limit() + " must be >= 1, got " + limit);
        }
        if (!ids.isEmpty()) {
            int[] idx = new int[ids.size()];
            for (int i = 0; i < idx.length; i++) {
                OptionalInt o = store.indexOf(ids.get(i));
                if (o.isEmpty()) {
                    throw new ConfigurationException(names.ids() + "[" + i + "]: no record '" + ids.get(i)
                            + "' in the store at " + store.directory());
                }
                idx[i] = o.getAsInt();
            }
            int[] sorted = Arrays.stream(idx).sorted().distinct().toArray();
            if (sorted.length != ids.size()) {
                throw new ConfigurationException(names.ids() + ": a record id is listed twice");
            }
            return sorted;
        }
        int[] idx;
        String s = split.trim().toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            idx = new int[store.size()];
            Arrays.setAll(idx, i -> i);
        } else {
            Split parsed;
            try {
                parsed = Split.parse(s);
            } catch (HeatBenchException e) {
                throw new ConfigurationException(names.split() + ": " + e.getMessage(), e);
            }
            idx = store.indicesOf(parsed);
        }
        if (idx.length == 0) {
            throw new ConfigurationException(names.split() + ": the store at " + store.directory() + " has no " + s
                    + " records; choose another split (train, val, test, all)");
        }
        return limit > 0 && idx.length > limit ? Arrays.copyOf(idx, limit) : idx;
    }
}
