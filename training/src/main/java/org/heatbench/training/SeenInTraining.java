package org.heatbench.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.store.EcgStore;

/**
 * The real records a model has seen in training, as its card says ({@code dataset.added_training} and
 * {@code dataset.validation_store} / {@code validation_records}, written by {@link TrainingRun}): by store path and —
 * wherever the store lies now — by import format and record id, so that LUDB record 1 imported on its own, or all
 * of LUDB imported again under another name, is recognised as seen. A card written before the ids were recorded
 * falls back to reading the named store's ids when the store is present. Used by {@link RealValidation} to keep such
 * records out of a model's headline real-ECG error. Immutable.
 */
final class SeenInTraining {
    /** Canonical store path → role ("training records", "model selection"). */
    private final Map<Path, String> stores;
    /** Import format → record id → role. */
    private final Map<String, Map<String, String>> records;

    private SeenInTraining(Map<Path, String> stores, Map<String, Map<String, String>> records) {
        this.stores = stores;
        this.records = records;
    }

    /**
     * @return what the card next to {@code model} names; nothing when there is no card (a warm start's own training
     *     data is not followed: its card is not at hand)
     * @throws InvalidInputException naming the card when it is not readable JSON
     */
    static SeenInTraining of(Path model) {
        Path card = TrainingRun.cardPath(model);
        Map<Path, String> stores = new LinkedHashMap<>();
        Map<String, Map<String, String>> records = new LinkedHashMap<>();
        if (!Files.exists(card)) {
            return new SeenInTraining(stores, records);
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(card.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("model card '" + card + "' is not readable JSON: " + e.getMessage());
        }
        JsonNode ds = c.path("dataset");
        for (JsonNode a : ds.path("added_training")) {
            add(stores, records, a.path("store").asText(null), a, "training records");
        }
        add(stores, records, ds.path("validation_store").asText(null), ds.path("validation_records"),
                "model selection");
        return new SeenInTraining(stores, records);
    }

    private static void add(Map<Path, String> stores, Map<String, Map<String, String>> records, String store,
            JsonNode recs, String role) {
        if (store == null) {
            return;
        }
        Path p = canonical(Path.of(store));
        stores.merge(p, role, (x, y) -> x.equals(y) ? x : x + " and " + y);
        String format = recs.path("import_format").asText(null);
        List<String> ids = new ArrayList<>();
        recs.path("ids").forEach(id -> ids.add(id.asText()));
        if (format == null && ids.isEmpty() && Files.exists(p.resolve("manifest.json"))) {
            // an older card: the store itself says which records it holds
            try (EcgStore s = EcgStore.open(p)) {
                format = s.spec().provenance().parameters().get("format");
                for (int i = 0; i < s.size(); i++) {
                    ids.add(s.id(i));
                }
            }
        }
        if (format != null) {
            Map<String, String> byId = records.computeIfAbsent(format, f -> new LinkedHashMap<>());
            for (String id : ids) {
                byId.merge(id, role + " (" + store + ")", (x, y) -> x.equals(y) ? x : x + ", " + y);
            }
        }
    }

    /**
     * @return why {@code store} (at {@code dir}) counts as seen in training — it is a store the card names, or it
     *     holds a record with an id the card lists for the same import format (conservative: one such record marks
     *     the whole store) — or null
     */
    String roleOf(Path dir, EcgStore store) {
        String role = stores.get(canonical(dir));
        if (role != null) {
            return role;
        }
        String format = store.spec().provenance().parameters().get("format");
        Map<String, String> byId = format == null ? null : records.get(format);
        if (byId == null) {
            return null;
        }
        List<String> shared = new ArrayList<>();
        String first = null;
        for (int i = 0; i < store.size(); i++) {
            String r = byId.get(store.id(i));
            if (r != null) {
                first = first == null ? r : first;
                if (shared.size() < 5) {
                    shared.add(store.id(i));
                }
            }
        }
        return shared.isEmpty() ? null
                : "records " + shared + " (import format " + format + ") were used for " + first;
    }

    /** The real path where it exists (stores named relative to another directory compare equal), else absolute. */
    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
