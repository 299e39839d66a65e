package org.heatbench.perturbation.eval;

/** Whether a method's evaluation on a record produced curves, and if not, why. Never silently dropped: counted. */
public enum MethodStatus {
    /** Curves and scores computed. */
    OK("ok"),
    /** The record's input has a NaN or infinite value: nothing was evaluated on it. */
    NON_FINITE_INPUT("non_finite_input"),
    /** The attribution has a NaN or infinite value: it cannot rank the regions. */
    NON_FINITE_ATTRIBUTION("non_finite_attribution"),
    /** The model returned NaN or infinity for the clean or a perturbed input. */
    NON_FINITE_PREDICTION("non_finite_prediction");

    private final String key;

    MethodStatus(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
