package org.heatbench.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.registry.Registry;
import org.heatbench.core.registry.Spec;
import org.heatbench.methods.attribution.GradientMethods;
import org.heatbench.methods.modified.AttentionMethods;
import org.heatbench.methods.modified.ModifiedMethods;

/**
 * The attribution methods a run may use, by name. An instance, passed to whoever needs it (no global state):
 * {@link #standard()} holds the built-in methods, {@link #discover()} adds every {@link MethodFactory} that
 * {@link java.util.ServiceLoader} finds on the class path (plugin jars; docs/EXTENDING.md), and {@link #register}
 * adds one in code.
 *
 * <p>Besides exact names and aliases, a registry can hold <em>name rewriters</em> that turn another ecosystem's
 * naming into a spec (e.g. {@code lrp_epsilon_0_01} → {@code lrp:epsilon=0.01}).
 *
 * <p>Values of {@link org.heatbench.core.registry.ParameterDescriptor.Type#SPEC} parameters (a sampling method's
 * {@code base}) are method specs resolved by this registry, written with {@code ;} between their own parameters:
 * {@code smoothgrad:base=lrp:epsilon=0.01;input_rule=sign}; the keyword {@code gradient} is the plain gradient.
 */
public final class MethodRegistry {
    /** What a method is called in messages. */
    public static final String KIND = "attribution method";
    /** The {@code base} value of the plain gradient. */
    public static final String GRADIENT = "gradient";

    private final Registry<MethodFactory> registry = new Registry<>(KIND);

    /** An empty registry. */
    public MethodRegistry() {
        registry.specValues(this::canonicalBase);
    }

    /** @return a registry with every built-in method */
    public static MethodRegistry standard() {
        MethodRegistry r = new MethodRegistry();
        GradientMethods.registerAll(r);
        ModifiedMethods.registerAll(r);
        AttentionMethods.registerAll(r);
        return r;
    }

    /** @return the built-in methods and every {@link MethodFactory} provider visible to the thread's context class loader (else this class's) */
    public static MethodRegistry discover() {
        return discover(Registry.defaultLoader(MethodRegistry.class));
    }

    /** @return the built-in methods and every {@link MethodFactory} provider visible to {@code loader} */
    public static MethodRegistry discover(ClassLoader loader) {
        MethodRegistry r = standard();
        r.registry.load(MethodFactory.class, loader);
        return r;
    }

    /** Registers a method (and its descriptor's aliases). */
    public MethodRegistry register(MethodFactory f) {
        registry.register(f);
        return this;
    }

    /** Registers another name for a method (the canonical spec keeps the main name). */
    public MethodRegistry alias(String alias, String name) {
        registry.alias(alias, name);
        return this;
    }

    /** Registers a rewriter consulted for names that are neither methods nor aliases; returns null if not its own. */
    public MethodRegistry rewriter(Function<MethodSpec, MethodSpec> r) {
        registry.rewriter(s -> {
            MethodSpec m = r.apply(MethodSpec.of(s));
            return m == null ? null : m.toSpec();
        });
        return this;
    }

    /** @return the descriptors of all methods, in registration order */
    public List<MethodDescriptor> descriptors() {
        return registry.entries().stream().map(MethodFactory::descriptor).toList();
    }

    /** @return alias → method name */
    public Map<String, String> aliases() {
        return registry.aliases();
    }

    /** @return the factory of a method name (or alias) */
    public MethodFactory factory(String name) {
        return registry.get(name);
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
        MethodSpec s = MethodSpec.of(registry.resolve(raw.toSpec()));
        registry.get(s.name()).validate(s, this);
        return s;
    }

    /** Resolves and creates a method. */
    public AttributionMethod create(String text) {
        return create(MethodSpec.parse(text));
    }

    /** Creates a method from a spec (resolved first). */
    public AttributionMethod create(MethodSpec spec) {
        MethodSpec s = resolve(spec);
        return registry.get(s.name()).create(s, this);
    }

    /** @return the work of attributing one record with a method, in forward-pass equivalents */
    public double cost(MethodSpec spec) {
        MethodSpec s = resolve(spec);
        return registry.get(s.name()).cost(s, this);
    }

    /**
     * The backward pass named by a {@code base} value: {@code null} for {@link #GRADIENT} (the plain gradient).
     *
     * @throws ConfigurationException when the named method has no single backward pass
     */
    public BackwardBase backwardBase(String base) {
        if (base.equals(GRADIENT)) {
            return null;
        }
        MethodSpec s = resolve(base.replace(';', ','));
        return create(s).backwardBase().orElseThrow(() -> notABase(s.name()));
    }

    /** @return the forward-pass equivalents of one pass of a {@code base} */
    public double baseCost(String base) {
        return base.equals(GRADIENT) ? MethodDescriptor.GRADIENT_COST : cost(MethodSpec.parse(base.replace(';', ',')));
    }

    /** Canonicalises a {@code base} value: the keyword gradient, or a method with a backward pass. */
    private String canonicalBase(String raw) {
        String t = raw.trim();
        if (t.equalsIgnoreCase(GRADIENT) || t.equalsIgnoreCase("saliency")) {
            return GRADIENT;
        }
        MethodSpec s = resolve(t.replace(';', ','));
        if (registry.get(s.name()).create(s, this).backwardBase().isEmpty()) {
            throw notABase(s.name());
        }
        return s.toString().replace(',', ';');
    }

    private ConfigurationException notABase(String name) {
        List<String> bases = new ArrayList<>(List.of(GRADIENT));
        for (MethodFactory f : registry.entries()) {
            try {
                if (f.create(MethodSpec.of(registry.resolve(Spec.of(f.descriptor().name())))).backwardBase().isPresent()) {
                    bases.add(f.descriptor().name());
                }
            } catch (RuntimeException e) {
                // a method that cannot be created with its defaults is simply not listed as a base
            }
        }
        return new ConfigurationException("base '" + name + "' has no single backward pass to average or integrate "
                + "(sampling methods do not nest; controls, CAM methods and DeepLIFT cannot serve as a base); bases: "
                + String.join(", ", bases));
    }
}
