package org.heatbench.methods;

/** Creates a method from a validated, canonical spec; registered in a {@link MethodRegistry}. */
public interface MethodFactory {

    /** @return name, parameters and documentation */
    MethodDescriptor descriptor();

    /** @param spec canonical: every parameter of {@link #descriptor()} present and valid */
    AttributionMethod create(MethodSpec spec);
}
