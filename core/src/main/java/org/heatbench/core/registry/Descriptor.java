package org.heatbench.core.registry;

import java.util.List;
import java.util.Optional;

/**
 * What a registry and {@code heatbench methods} know about an entry of any kind (attribution method, perturbation
 * function, region scheme, importer): its name and aliases, family, one-line summary, the paper it comes from, and
 * its parameters in canonical order. Cost is the entry kind's business (e.g. {@code MethodFactory#cost}).
 */
public interface Descriptor {

    /** @return the main name, used in canonical specs */
    String name();

    /** @return other accepted names (the canonical spec keeps {@link #name()}) */
    default List<String> aliases() {
        return List.of();
    }

    /** @return a grouping shown in listings, e.g. {@code gradient} */
    String family();

    /** @return one line saying what it does */
    String summary();

    /** @return the paper (or {@code control}, {@code format}) it comes from */
    String reference();

    /** @return the parameters, in canonical order */
    List<ParameterDescriptor> parameters();

    /** @return the parameter with that name */
    default Optional<ParameterDescriptor> parameter(String key) {
        return parameters().stream().filter(p -> p.name().equals(key)).findFirst();
    }

    /** A descriptor from its parts. */
    static Descriptor of(String name, List<String> aliases, String family, String summary, String reference,
            List<ParameterDescriptor> parameters) {
        return new Basic(name, aliases, family, summary, reference, parameters);
    }

    /** The plain descriptor record. */
    record Basic(String name, List<String> aliases, String family, String summary, String reference,
            List<ParameterDescriptor> parameters) implements Descriptor {
        public Basic {
            aliases = List.copyOf(aliases);
            parameters = List.copyOf(parameters);
        }
    }
}
