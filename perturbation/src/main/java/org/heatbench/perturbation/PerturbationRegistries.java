package org.heatbench.perturbation;

import org.heatbench.core.registry.Registry;
import org.heatbench.core.registry.Spec;

/**
 * The perturbation functions and region schemes a run may use, by name: instances passed to whoever needs them.
 * {@link #standard()} holds the built-ins ({@link BuiltinPerturbations}); {@link #discover} adds every provider that
 * {@link java.util.ServiceLoader} finds on the class path. Specs are {@code name[:key=value,...]}; a one-parameter
 * entry also takes {@code name:value} ({@code noise:0.3}). Unknown names, unknown keys ({@code noise:c=0.3}) and bad
 * values are errors naming the entry and what it accepts.
 *
 * @param functions perturbation functions
 * @param regions region schemes
 */
public record PerturbationRegistries(Registry<PerturbationFunctionFactory> functions,
        Registry<RegionSchemeFactory> regions) {

    /** @return registries holding the built-in functions and schemes */
    public static PerturbationRegistries standard() {
        PerturbationRegistries r = new PerturbationRegistries(new Registry<>("perturbation function"),
                new Registry<>("region scheme"));
        BuiltinPerturbations.registerAll(r);
        return r;
    }

    /** @return the built-ins and every provider visible to the thread's context class loader (else this class's) */
    public static PerturbationRegistries discover() {
        return discover(Registry.defaultLoader(PerturbationRegistries.class));
    }

    /** @return the built-ins and every provider visible to {@code loader} */
    public static PerturbationRegistries discover(ClassLoader loader) {
        PerturbationRegistries r = standard();
        r.functions.load(PerturbationFunctionFactory.class, loader);
        r.regions.load(RegionSchemeFactory.class, loader);
        return r;
    }

    /**
     * @return the function of a spec text, e.g. {@code noise:k=0.2}
     * @throws org.heatbench.core.ConfigurationException naming the function and what it accepts
     */
    public PerturbationFunction function(String text) {
        Spec s = functions.resolve(text);
        return functions.get(s.name()).create(s);
    }

    /**
     * @return the region scheme of a spec text, e.g. {@code lead_window:w=10}
     * @throws org.heatbench.core.ConfigurationException naming the scheme and what it accepts
     */
    public RegionScheme regionScheme(String text) {
        Spec s = regions.resolve(text);
        return regions.get(s.name()).create(s);
    }
}
