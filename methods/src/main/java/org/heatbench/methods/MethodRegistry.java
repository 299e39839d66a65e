package org.heatbench.methods;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.attribution.GradientMethods;
import org.heatbench.methods.modified.AttentionMethods;
import org.heatbench.methods.modified.ModifiedMethods;

/**
 * The attribution methods a run may use, by name. An instance, passed to whoever needs it (no global state); build
 * the standard one with {@link #standard()} and add methods with {@link #register}.
 *
 * <p>Besides exact names, a registry can hold <em>name rewriters</em> that turn another ecosystem's naming into a
 * spec (e.g. {@code inputxgradient} → {@code input_x_gradient}).
 */
public final class MethodRegistry {
    private final Map<String, MethodFactory> factories = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<Function<MethodSpec, MethodSpec>> rewriters = new ArrayList<>();

    /** @return a registry with every built-in method */
    public static MethodRegistry standard() {
        MethodRegistry r = new MethodRegistry();
        GradientMethods.registerAll(r);
        ModifiedMethods.registerAll(r);
        AttentionMethods.registerAll(r);
        return r;
    }

    /** Registers a method. */
    public MethodRegistry register(MethodFactory f) {
        String name = f.descriptor().name();
        if (factories.putIfAbsent(name, f) != null) {
            throw new IllegalArgumentException("method '" + name + "' registered twice");
        }
        return this;
    }

    /** Registers another name for a method (the canonical spec keeps the main name). */
    public MethodRegistry alias(String alias, String name) {
        aliases.put(alias, name);
        return this;
    }

    /** Registers a rewriter consulted for names that are neither methods nor aliases; returns null if not its own. */
    public MethodRegistry rewriter(Function<MethodSpec, MethodSpec> r) {
        rewriters.add(r);
        return this;
    }

    /** @return the descriptors of all methods, in registration order */
    public List<MethodDescriptor> descriptors() {
        List<MethodDescriptor> d = new ArrayList<>();
        factories.values().forEach(f -> d.add(f.descriptor()));
        return Collections.unmodifiableList(d);
    }

    /** @return alias → method name */
    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    /**
     * Parses and validates a method text into its canonical spec: unknown names, unknown parameters and bad values
     * are errors naming the method, parameter and accepted values; omitted parameters get their defaults.
     */
    public MethodSpec resolve(String text) {
        return resolve(MethodSpec.parse(text));
    }

    /** Validates a parsed spec into its canonical form. */
    public MethodSpec resolve(MethodSpec raw) {
        MethodSpec spec = raw;
        String name = aliases.getOrDefault(spec.name(), spec.name());
        if (!factories.containsKey(name)) {
            for (Function<MethodSpec, MethodSpec> r : rewriters) {
                MethodSpec rewritten = r.apply(spec);
                if (rewritten != null) {
                    return resolve(rewritten);
                }
            }
            throw new ConfigurationException("unknown attribution method '" + spec.name() + "'; known methods: "
                    + String.join(", ", factories.keySet()) + (aliases.isEmpty() ? "" : " (aliases: "
                    + String.join(", ", aliases.keySet()) + ")") + ". 'heatbench methods' lists their parameters");
        }
        MethodDescriptor d = factories.get(name).descriptor();
        for (String key : spec.params().keySet()) {
            if (d.parameter(key).isEmpty()) {
                List<String> known = d.parameters().stream().map(ParameterDescriptor::name).toList();
                throw new ConfigurationException("method '" + name + "' has no parameter '" + key + "'"
                        + (known.isEmpty() ? "; it takes no parameters" : "; its parameters: " + known));
            }
        }
        Map<String, String> canonical = new LinkedHashMap<>();
        for (ParameterDescriptor p : d.parameters()) {
            String v = spec.params().get(p.name());
            canonical.put(p.name(), v == null ? p.defaultValue() : p.canonicalize(name, v));
        }
        return new MethodSpec(name, canonical);
    }

    /** Resolves and creates a method. */
    public AttributionMethod create(String text) {
        MethodSpec s = resolve(text);
        return factories.get(s.name()).create(s);
    }

    /** Creates a method from a spec (resolved first). */
    public AttributionMethod create(MethodSpec spec) {
        MethodSpec s = resolve(spec);
        return factories.get(s.name()).create(s);
    }
}
