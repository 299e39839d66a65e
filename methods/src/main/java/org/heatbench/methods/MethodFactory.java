package org.heatbench.methods;

import java.util.function.Function;
import org.heatbench.core.registry.Registered;

/**
 * Creates a method from a validated, canonical spec; registered in a {@link MethodRegistry}. This is the provider
 * interface of attribution methods: an implementation with a public no-argument constructor listed in
 * {@code META-INF/services/org.heatbench.methods.MethodFactory} is found by {@link MethodRegistry#discover}, so a
 * jar on the class path adds a method to the command line, the Spark driver and every executor (docs/EXTENDING.md).
 */
public interface MethodFactory extends Registered {

    /** @return name, parameters, documentation and cost */
    @Override
    MethodDescriptor descriptor();

    /** @param spec canonical: every parameter of {@link #descriptor()} present and valid */
    AttributionMethod create(MethodSpec spec);

    /**
     * Creates a method that may refer to other methods of the registry (a sampling method's {@code base}); the
     * default ignores the registry.
     */
    default AttributionMethod create(MethodSpec spec, MethodRegistry registry) {
        return create(spec);
    }

    /**
     * Checks a canonical spec beyond its single parameters (e.g. that a {@code base} makes sense for this method),
     * before any work starts.
     *
     * @throws org.heatbench.core.ConfigurationException naming the method and the combination
     */
    default void validate(MethodSpec spec, MethodRegistry registry) {
    }

    /**
     * @return the work of attributing one record with these (canonical, complete) parameters, in forward-pass
     *     equivalents; the descriptor's cost by default
     */
    default double cost(MethodSpec spec, MethodRegistry registry) {
        return descriptor().forwardCost();
    }

    /** A factory from a descriptor and a constructor function. */
    static MethodFactory of(MethodDescriptor descriptor, Function<MethodSpec, AttributionMethod> create) {
        return new MethodFactory() {
            @Override
            public MethodDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public AttributionMethod create(MethodSpec spec) {
                return create.apply(spec);
            }
        };
    }
}
