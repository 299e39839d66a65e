package org.heatbench.methods;

import java.util.function.Function;

/** Creates a method from a validated, canonical spec; registered in a {@link MethodRegistry}. */
public interface MethodFactory {

    /** @return name, parameters and documentation */
    MethodDescriptor descriptor();

    /** @param spec canonical: every parameter of {@link #descriptor()} present and valid */
    AttributionMethod create(MethodSpec spec);

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
