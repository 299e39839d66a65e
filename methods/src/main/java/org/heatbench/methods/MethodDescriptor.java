package org.heatbench.methods;

import java.util.List;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;

/**
 * What {@code heatbench methods} lists about a method: name, family, one-line summary, the paper it comes from,
 * its parameters in canonical order, and its cost.
 *
 * @param forwardCost the work of attributing one record with the default parameters, in forward-pass equivalents (one
 *     model forward of one record = 1; a gradient ≈ 3: forward plus a backward of about two forwards); what the run
 *     planner's estimate uses through {@link MethodFactory#cost}
 */
public record MethodDescriptor(String name, String family, String summary, String reference,
        List<ParameterDescriptor> parameters, double forwardCost) implements Descriptor {

    /** The cost of one gradient: one forward and one backward pass (≈ 3 forward equivalents). */
    public static final double GRADIENT_COST = 3;

    public MethodDescriptor {
        parameters = List.copyOf(parameters);
        if (!(forwardCost >= 0) || Double.isInfinite(forwardCost)) {
            throw new IllegalArgumentException("method '" + name + "': cost must be finite and >= 0, got " + forwardCost);
        }
    }

    /** A method costing one gradient per record. */
    public MethodDescriptor(String name, String family, String summary, String reference,
            List<ParameterDescriptor> parameters) {
        this(name, family, summary, reference, parameters, GRADIENT_COST);
    }
}
