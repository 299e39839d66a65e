package org.heatbench.perturbation.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything perturbation found on one record for one target: the clean prediction, each method's evaluation (in
 * the evaluator's method order, failures included) and the random-order control. This is the unit the summary
 * accumulators {@code accept}: all methods of a record together, so that statistics can restrict themselves to
 * records on which every method succeeded.
 *
 * @param recordId the record's stable id
 * @param index the record's index in its store (−1 when not from a store)
 * @param target the target key ({@code qt}, ...)
 * @param truth the target's true value; NaN when the record has none (curves then lack the error kinds)
 * @param cleanPrediction ŷ_0, the model output on the clean input (NaN when not evaluated)
 * @param status OK, or why nothing was evaluated on the record (non-finite input or clean prediction)
 * @param message a reason when not OK, else empty
 * @param maskDefined whether a ground-truth relevance mask was available
 * @param methods one evaluation per method, in order
 * @param control the random-order control, or null when that order is not run or the record failed
 */
public record RecordEvaluation(String recordId, int index, String target, double truth, float cleanPrediction,
        MethodStatus status, String message, boolean maskDefined, List<MethodEvaluation> methods,
        MethodEvaluation control) implements Serializable {

    private static final long serialVersionUID = 1L;

    public RecordEvaluation {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        methods = List.copyOf(methods);
    }

    /** @return whether the record has a truth value */
    public boolean hasTruth() {
        return !Double.isNaN(truth);
    }

    /** @return whether every method produced curves (the record belongs to the common set of the statistics) */
    public boolean allMethodsOk() {
        return status == MethodStatus.OK && methods.stream().allMatch(MethodEvaluation::ok)
                && (control == null || control.ok());
    }

    /** @return the evaluation of a method by canonical name */
    public Optional<MethodEvaluation> method(String name) {
        return methods.stream().filter(m -> m.method().equals(name)).findFirst();
    }
}
