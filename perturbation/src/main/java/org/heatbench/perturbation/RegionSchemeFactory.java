package org.heatbench.perturbation;

import org.heatbench.core.registry.Registered;
import org.heatbench.core.registry.Spec;

/**
 * Creates a {@link RegionScheme} from its canonical spec; the provider interface of region schemes (listed in
 * {@code META-INF/services/org.heatbench.perturbation.RegionSchemeFactory}, found by
 * {@link PerturbationRegistries#discover}; docs/EXTENDING.md).
 */
public interface RegionSchemeFactory extends Registered {

    /**
     * @param spec canonical: every parameter of the descriptor present and valid
     * @return a scheme whose {@link RegionScheme#canonical()} is {@code spec.toString()}
     */
    RegionScheme create(Spec spec);
}
