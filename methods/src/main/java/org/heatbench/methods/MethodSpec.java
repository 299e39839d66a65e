package org.heatbench.methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.registry.Spec;

/**
 * A method name with parameters, as written {@code name} or {@code name:key=value,key=value}. A spec made by
 * {@link MethodRegistry#resolve} is canonical: every parameter present, in the descriptor's order, values in
 * canonical form; {@link #toString()} prints it and parsing that string gives an equal spec.
 *
 * @param name the method name
 * @param params parameter values by key (insertion order kept)
 */
public record MethodSpec(String name, Map<String, String> params) {

    public MethodSpec {
        Objects.requireNonNull(name, "name");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses {@code name[:key=value,...]} without validating names or values (see {@link MethodRegistry#resolve}).
     *
     * @throws ConfigurationException on syntax errors, naming the offending part
     */
    public static MethodSpec parse(String text) {
        // Spec's syntax and messages, less its positional value (name:value): a method names every parameter
        Spec spec = Spec.parse("method", text);
        String positional = spec.params().get(Spec.POSITIONAL);
        if (positional != null) {
            throw new ConfigurationException("method '" + text + "': parameter '" + positional
                    + "' is not of the form key=value");
        }
        return of(spec);
    }

    /** @return the method spec of a generic registry spec */
    public static MethodSpec of(Spec spec) {
        return new MethodSpec(spec.name(), spec.params());
    }

    /** @return this spec as a generic registry spec */
    public Spec toSpec() {
        return new Spec(name, params);
    }

    /** @return a parameter's value, or {@code dflt} when the canonical form leaves it out (at its default) */
    public String get(String key, String dflt) {
        return params.getOrDefault(key, dflt);
    }

    /** @return a parameter's value */
    public String get(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new ConfigurationException("method '" + name + "' has no parameter '" + key + "'");
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

    /** @return a copy with one parameter set (not validated) */
    public MethodSpec with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(params);
        m.put(key, value);
        return new MethodSpec(name, m);
    }

    @Override
    public String toString() {
        return toSpec().toString();
    }
}
