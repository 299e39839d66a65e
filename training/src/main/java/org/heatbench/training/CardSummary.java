package org.heatbench.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.heatbench.core.InvalidInputException;

/**
 * What a model card (the {@code X.json} next to {@code X.onnx}, written by {@link TrainingRun} and
 * {@link RealValidation#writeToCard}) says about where the model came from and how it does, in a few fields for a
 * run's provenance and report: training data, warm start, real data mixed in, synthetic test error and the headline
 * of {@code real_validation}. Parts a card lacks (a classifier has no test MAE, an older card no real validation) are
 * null or empty. Immutable.
 *
 * @param card the card file as found (next to the model)
 * @param cardSha256 whether the card describes this model: the card's {@code sha256} (compare with the model's)
 * @param trainedOn the training store's provenance source (e.g. the generator model), or null
 * @param initialisedFromSha256 the SHA-256 of the model it was fine-tuned from, or null
 * @param addedTraining per store mixed into training: "STORE: N records × K (sources)"; empty when none
 * @param validationStore the store whose validation split selected the epoch, when not the training store; or null
 * @param syntheticTestMae test-split MAE on the training store (regressors), or null
 * @param studyTestMae the reference study's MAE for the target, or null
 * @param realCriterion issue 15's criterion for the target, or null
 * @param realN records with an independent reference not seen in training, or null
 * @param realMae their MAE, or null
 * @param realAllWithin whether every checked record met the criterion, or null
 * @param realStores per store "STORE: n N, MAE M, W% within[; QRS ≥ 120 ms: n N, bias B, MAE M][, seen in training]"
 *                   (the wide-QRS part where the card's {@code by_qrs_width} has such records)
 * @param realWide the error on the unseen real medians with a QRS of 120 ms or wider, over all stores
 *                 ({@code real_validation.by_qrs_width}), or null when the card has none
 */
public record CardSummary(String card, String cardSha256, String trainedOn, String initialisedFromSha256,
        List<String> addedTraining, String validationStore, Double syntheticTestMae, Double studyTestMae,
        String realCriterion, Integer realN, Double realMae, Boolean realAllWithin, List<String> realStores,
        WideQrsError realWide) {

    /**
     * A model's error on real medians with a QRS of 120 ms or wider, as its card reports it.
     *
     * @param n medians
     * @param bias mean signed error, in {@code unit}
     * @param mae mean absolute error, in {@code unit}
     * @param unit the model's target unit, as the card states it ("" when it does not)
     */
    public record WideQrsError(int n, double bias, double mae, String unit) {

        /** @return whether a record whose QRS lasts {@code qrsMs} belongs to the group measured (NaN: no) */
        public static boolean covers(double qrsMs) {
            return QrsStrata.isWide(qrsMs);
        }
    }

    /**
     * Reads the card of {@code model}.
     *
     * @return empty when the model has no card next to it
     * @throws InvalidInputException naming the card when it is not readable JSON
     */
    public static Optional<CardSummary> of(Path model) {
        Path file = TrainingRun.cardPath(model);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("model card '" + file + "' is not readable JSON: " + e.getMessage());
        }
        if (c == null || !c.isObject()) {
            throw new InvalidInputException("model card '" + file + "' is not a JSON object");
        }
        JsonNode ds = c.path("dataset");
        List<String> added = new ArrayList<>();
        for (JsonNode a : ds.path("added_training")) {
            StringBuilder src = new StringBuilder();
            a.path("reference_sources").fields().forEachRemaining(e -> src.append(src.length() > 0 ? ", " : "")
                    .append(e.getKey()).append(' ').append(e.getValue().asInt()));
            int repeat = a.path("repeat").asInt();
            int wideRepeat = a.path("wide_qrs_repeat").asInt(repeat);
            String wide = wideRepeat == repeat ? "" : String.format(Locale.ROOT, ", %d with QRS ≥ 120 ms × %d",
                    a.path("wide_qrs_records").asInt(), wideRepeat);
            added.add(String.format(Locale.ROOT, "%s: %d records × %d%s (references: %s)", a.path("store").asText(),
                    a.path("records").asInt(), repeat, wide, src));
        }
        JsonNode rv = c.path("real_validation");
        List<String> stores = new ArrayList<>();
        for (JsonNode s : rv.path("stores")) {
            JsonNode sum = s.path("summary");
            StringBuilder b = new StringBuilder(s.path("store").asText()).append(": n ").append(sum.path("n").asInt());
            if (sum.path("mae").isNumber()) {
                b.append(String.format(Locale.ROOT, ", MAE %.1f", sum.path("mae").asDouble()));
            }
            if (sum.path("share_within_criterion").isNumber()) {
                b.append(String.format(Locale.ROOT, ", %.0f%% within", 100 * sum.path("share_within_criterion")
                        .asDouble()));
            }
            JsonNode wide = s.path("by_qrs_width").path("qrs_120_ms_and_wider");
            if (wide.path("n").asInt() > 0 && wide.path("mae").isNumber()) {
                // where models trained on synthetic beats fail (models/README.md, "Caveats"): shown beside the total
                b.append(String.format(Locale.ROOT, "; QRS ≥ 120 ms: n %d, bias %.1f, MAE %.1f", wide.path("n").asInt(),
                        wide.path("bias").asDouble(), wide.path("mae").asDouble()));
            }
            if (s.hasNonNull("seen_in_training")) {
                b.append(", seen in training");
            }
            stores.add(b.toString());
        }
        return Optional.of(new CardSummary(file.toString(), text(c.path("sha256")),
                text(ds.path("provenance").path("source")), text(c.path("training").path("initialised_from")
                        .path("sha256")), List.copyOf(added), text(ds.path("validation_store")),
                number(c.path("metrics").path("test").path("mae")),
                number(c.path("study_comparison").path("study_test_mae")), text(rv.path("criterion")),
                rv.path("n_with_reference").isInt() ? rv.path("n_with_reference").asInt() : null,
                number(rv.path("mae")), rv.path("all_within_criterion").isBoolean()
                        ? rv.path("all_within_criterion").asBoolean() : null, List.copyOf(stores),
                wide(rv.path("by_qrs_width").path("qrs_120_ms_and_wider"), rv.path("unit").asText(""))));
    }

    private static WideQrsError wide(JsonNode w, String unit) {
        return w.path("n").asInt() > 0 && w.path("bias").isNumber() && w.path("mae").isNumber()
                ? new WideQrsError(w.path("n").asInt(), w.path("bias").asDouble(), w.path("mae").asDouble(), unit)
                : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }
}
