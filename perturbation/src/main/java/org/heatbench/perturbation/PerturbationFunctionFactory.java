package org.heatbench.perturbation;

import org.heatbench.core.registry.Registered;
import org.heatbench.core.registry.Spec;

/**
 * Creates a {@link PerturbationFunction} from its canonical spec; the provider interface of perturbation functions.
 * An implementation with a public no-argument constructor listed in
 * {@code META-INF/services/org.heatbench.perturbation.PerturbationFunctionFactory} is found by
 * {@link PerturbationRegistries#discover}, so a jar on the class path adds a perturbation function to
 * {@code heatbench perturb}, specs and Spark executors (docs/EXTENDING.md).
 */
public interface PerturbationFunctionFactory extends Registered {

    /**
     * @param spec canonical: every parameter of the descriptor present and valid
     * @return a function whose {@link PerturbationFunction#canonical()} is {@code spec.toString()}
     */
    PerturbationFunction create(Spec spec);
}
