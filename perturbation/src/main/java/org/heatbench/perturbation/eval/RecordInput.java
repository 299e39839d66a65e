package org.heatbench.perturbation.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record to evaluate: its clean signal, truth, optional ground-truth mask and each method's attribution. Arrays
 * are held without copying; do not modify them while the record is evaluated.
 *
 * @param id the record's stable id (seeds its random streams)
 * @param index its store index, or −1
 * @param signal [leads, samples] row-major, µV
 * @param truth the target's true value, NaN when missing
 * @param mask [leads, samples] ground-truth relevance (true = relevant), or null when undefined
 * @param attributions canonical method → attribution [leads, samples]; iteration order = the evaluator's methods
 */
public record RecordInput(String id, int index, float[] signal, double truth, boolean[] mask,
        Map<String, float[]> attributions) {

    public RecordInput {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(signal, "signal");
        attributions = Collections.unmodifiableMap(new LinkedHashMap<>(attributions));
    }
}
