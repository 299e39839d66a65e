package org.heatbench.methods;

import java.util.List;
import java.util.Optional;

/**
 * What {@code heatbench methods} lists about a method: name, family, one-line summary, the paper it comes from,
 * and its parameters in canonical order.
 */
public record MethodDescriptor(String name, String family, String summary, String reference,
        List<ParameterDescriptor> parameters) {

    public MethodDescriptor {
        parameters = List.copyOf(parameters);
    }

    /** @return the parameter with that name */
    public Optional<ParameterDescriptor> parameter(String key) {
        return parameters.stream().filter(p -> p.name().equals(key)).findFirst();
    }
}
