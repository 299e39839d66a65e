package org.heatbench.core.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;

/**
 * A registered entry's name with parameters, written {@code name} or {@code name:key=value,key=value}. A spec made by
 * {@link Registry#resolve} is canonical: the entry's main name, every parameter present (except those
 * {@linkplain ParameterDescriptor#omitWhenDefault() omitted at their default}) in the descriptor's order, values
 * in canonical form; {@link #toString()} prints it and resolving that text gives an equal spec.
 *
 * @param name the entry name
 * @param params parameter values by key (insertion order kept); key {@link #POSITIONAL} holds a value written
 *     without a key ({@code noise:0.2}), which {@link Registry#resolve} gives to an entry's only parameter
 */
public record Spec(String name, Map<String, String> params) {
    /** The key of a value written without one. */
    public static final String POSITIONAL = "";

    public Spec {
        Objects.requireNonNull(name, "name");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** @return a spec without parameters */
    public static Spec of(String name) {
        return new Spec(name, Map.of());
    }

    /**
     * Parses {@code name[:key=value,...]} (or {@code name:value} for a one-parameter entry) without validating names
     * or values.
     *
     * @param kind names what is parsed in errors, e.g. {@code perturbation function}
     * @throws ConfigurationException on syntax errors, naming the offending part
     */
    public static Spec parse(String kind, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException("empty " + kind + " name");
        }
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim();
        if (name.isEmpty()) {
            throw new ConfigurationException(kind + " '" + text + "' has no name before ':'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            String rest = t.substring(colon + 1).trim();
            if (!rest.isEmpty()) {
                String[] parts = rest.split(",");
                for (String part : parts) {
                    int eq = part.indexOf('=');
                    if (eq < 0 && parts.length == 1) {
                        params.put(POSITIONAL, part.trim());
                        continue;
                    }
                    if (eq <= 0) {
                        throw new ConfigurationException(kind + " '" + text + "': parameter '" + part.trim()
                                + "' is not of the form key=value");
                    }
                    String key = part.substring(0, eq).trim();
                    if (params.put(key, part.substring(eq + 1).trim()) != null) {
                        throw new ConfigurationException(kind + " '" + text + "': parameter '" + key + "' given twice");
                    }
                }
            }
        }
        return new Spec(name, params);
    }

    /** @return a parameter's value */
    public String get(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new ConfigurationException("'" + name + "' has no parameter '" + key + "'");
        }
        return v;
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public double getDouble(String key) {
        return Double.parseDouble(get(key));
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
    }

    @Override
    public String toString() {
        if (params.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append(':');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(first ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.toString();
    }
}
