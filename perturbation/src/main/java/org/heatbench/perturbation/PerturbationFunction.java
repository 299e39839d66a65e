package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;

/**
 * What happens to a region when it is perturbed. Called after the region's points have been marked removed in the
 * state; modifies {@link PerturbationState#current()} inside the region (and, for imputation, may re-impute other
 * removed points of the same run on the same lead). Random draws come from the state's stream, in lead-major point
 * order, so a trajectory is reproducible from its seed alone.
 *
 * <p>Available (canonical text in brackets, parsed back by {@link #parse}):
 * <ul>
 *   <li>{@link #additiveNoise(double)} [{@code noise:k=0.2}]: x += N(0, σ), σ = k·(max − min) of the clean
 *       record — the reference study with k = 0.2;</li>
 *   <li>{@link #zero()} [{@code zero}], {@link #constant(double)} [{@code constant:c=C}], {@link #leadMean()}
 *       [{@code lead_mean}]: replacement by 0, by a constant (µV) or by the clean lead's mean;</li>
 *   <li>{@link #linearInterpolation()} [{@code interpolate}]: each run of removed samples on a lead is replaced by
 *       the straight line between its nearest unremoved neighbours in time;</li>
 *   <li>{@link #noisyLinearImputation(double)} [{@code road:k=0.01}]: the same plus fixed per-point noise
 *       N(0, (k·(max − min))²) — the 1-D analogue of ROAD's noisy linear imputation (Rong et al. 2022, "A
 *       Consistent and Efficient Evaluation Strategy for Attribution Methods", ICML), with neighbours along time
 *       only: leads are channels, not space.</li>
 * </ul>
 * Implementations are immutable and thread-safe (state lives in {@link PerturbationState}).
 */
public interface PerturbationFunction {

    /** @return canonical text, e.g. {@code noise:k=0.2} */
    String canonical();

    /** Perturbs region {@code r} of {@code state.current()}. */
    void apply(PerturbationState state, Region r);

    static PerturbationFunction additiveNoise(double k) {
        return new AdditiveNoise(k);
    }

    static PerturbationFunction zero() {
        return Replacement.ZERO;
    }

    static PerturbationFunction constant(double value) {
        return Replacement.constant(value);
    }

    static PerturbationFunction leadMean() {
        return Replacement.LEAD_MEAN;
    }

    static PerturbationFunction linearInterpolation() {
        return new LinearImputation(0, false);
    }

    static PerturbationFunction noisyLinearImputation(double k) {
        return new LinearImputation(k, true);
    }

    /**
     * Parses a spec with the built-in functions and every {@link PerturbationFunctionFactory} on the class path
     * ({@link PerturbationRegistries#discover()}): {@code noise:k=K}, {@code zero}, {@code constant:c=C},
     * {@code lead_mean}, {@code interpolate}, {@code road:k=K}; a one-parameter function also takes
     * {@code noise:0.2}; {@code noise} and {@code road} alone take the defaults 0.2 and 0.01.
     *
     * @throws ConfigurationException naming the function and what it accepts
     */
    static PerturbationFunction parse(String text) {
        return PerturbationRegistries.discover().function(text);
    }
}
