package org.heatbench.results.report;

import static org.heatbench.results.report.Html.esc;
import static org.heatbench.results.report.Html.num;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The report's "model card" cell of a target: where the model came from and how it does on real ECGs, from the
 * {@code card} that run.json copied from the model's card ({@code RunManifest.ModelCard}) — so a reader of the
 * rankings sees at once whether the model being explained has been checked on real ECGs. Stateless.
 */
final class ModelCardCell {
    private ModelCardCell() {
    }

    /**
     * @param card the target's {@code card} node (missing or null: the model has no card)
     * @param unit the target's unit, for the errors
     * @return escaped HTML
     */
    static String html(JsonNode card, String unit) {
        if (card == null || card.isMissingNode() || card.isNull()) {
            return "<span class=\"missing\">no model card next to the model: training data and real-ECG error "
                    + "unknown</span>";
        }
        StringBuilder b = new StringBuilder();
        if (!card.path("matches_model").asBoolean(false)) {
            b.append("<b class=\"warn\">the card (").append(esc(card.path("card").asText()))
                    .append(") describes another model (SHA-256 differs)</b><br>");
        }
        if (card.hasNonNull("trained_on")) {
            b.append("trained on ").append(esc(card.path("trained_on").asText()));
        }
        String init = card.path("initialised_from_sha256").asText("");
        if (!init.isEmpty()) {
            b.append(", fine-tuned from <code class=\"hash\">").append(esc(init.substring(0, Math.min(12,
                    init.length())))).append("…</code>");
        }
        for (JsonNode a : card.path("added_training")) {
            b.append("<br>+ mixed in: ").append(esc(a.asText()));
        }
        if (card.hasNonNull("validation_store")) {
            b.append("<br>epoch selected on ").append(esc(card.path("validation_store").asText()));
        }
        if (card.path("synthetic_test_mae").isNumber()) {
            b.append("<br>test MAE on its training store ").append(num(card.path("synthetic_test_mae").asDouble())).append(' ')
                    .append(esc(unit));
            if (card.path("study_test_mae").isNumber()) {
                b.append(" (study: ").append(num(card.path("study_test_mae").asDouble())).append(')');
            }
        }
        if (card.path("real_n").isNumber()) {
            b.append("<br>real ECGs not seen in training: n ").append(card.path("real_n").asInt());
            if (card.path("real_mae").isNumber()) {
                b.append(", MAE ").append(num(card.path("real_mae").asDouble())).append(' ').append(esc(unit));
            }
            if (card.hasNonNull("real_criterion")) {
                b.append("; criterion ").append(esc(card.path("real_criterion").asText()));
                if (card.path("real_all_within").isBoolean()) {
                    b.append(card.path("real_all_within").asBoolean() ? ": all met" : ": <b>not all met</b>");
                }
            }
            for (JsonNode s : card.path("real_stores")) {
                b.append("<br>&nbsp;&nbsp;").append(esc(s.asText()));
            }
        } else {
            b.append("<br><span class=\"missing\">no real-ECG validation on the card (heatbench validate-real "
                    + "--write-cards)</span>");
        }
        return b.toString();
    }
}
