package org.heatbench.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.heatbench.core.ConfigurationException;

/**
 * Entries of one kind (attribution methods, perturbation functions, region schemes, importers) by name: parses and
 * validates specs into their canonical form and hands out the entry that creates the thing. An instance, passed to
 * whoever needs it (no global state).
 *
 * <p>{@link #discover} builds a registry from every provider of the kind's interface that {@link ServiceLoader}
 * finds through a class loader ({@code META-INF/services/<interface name>}, one implementation class per line),
 * built-ins and plugin jars alike. Names are matched case-insensitively with {@code -} and {@code _} equivalent.
 *
 * <p>Registering is not thread-safe; a registry that is no longer changed may be read from any thread.
 *
 * @param <F> the kind's provider interface
 */
public final class Registry<F extends Registered> {
    private final String kind;
    private final Map<String, F> entries = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<UnaryOperator<Spec>> rewriters = new ArrayList<>();
    private UnaryOperator<String> specValues = UnaryOperator.identity();

    /** @param kind what the entries are, in messages: {@code attribution method}, {@code importer}, ... */
    public Registry(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * A registry of every provider of {@code type} visible to {@code loader}.
     *
     * @throws ConfigurationException when a provider cannot be loaded or two providers claim one name
     */
    public static <F extends Registered> Registry<F> discover(String kind, Class<F> type, ClassLoader loader) {
        return new Registry<F>(kind).load(type, loader);
    }

    /**
     * Registers every provider of {@code type} that {@link ServiceLoader} finds through {@code loader} (the class
     * path's {@code META-INF/services/<type name>} files), in class path order.
     *
     * @throws ConfigurationException when a provider cannot be loaded or claims a name already taken
     */
    public Registry<F> load(Class<F> type, ClassLoader loader) {
        try {
            for (F f : ServiceLoader.load(type, loader)) {
                register(f);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("cannot load a " + kind + " provider listed in META-INF/services/"
                    + type.getName() + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Adds a rewriter consulted (after every entry's {@link Registered#rewrite}) for names no entry or alias has.
     *
     * @param r returns the rewritten spec, or {@code null} when the name is not its own
     */
    public Registry<F> rewriter(UnaryOperator<Spec> r) {
        rewriters.add(Objects.requireNonNull(r));
        return this;
    }

    /**
     * @return the loader discovery should search by default: the thread's context class loader when set (Spark
     *     executors load {@code --jars} there), else the loader of {@code anchor}
     */
    public static ClassLoader defaultLoader(Class<?> anchor) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : anchor.getClassLoader();
    }

    /** @return the kind, as used in messages */
    public String kind() {
        return kind;
    }

    /**
     * Sets how values of {@link ParameterDescriptor.Type#SPEC} parameters are canonicalised (e.g. by the method
     * registry itself for a sampling method's {@code base}); identity by default.
     */
    public Registry<F> specValues(UnaryOperator<String> canonicalise) {
        this.specValues = Objects.requireNonNull(canonicalise);
        return this;
    }

    /**
     * Registers an entry and its descriptor's aliases.
     *
     * @throws ConfigurationException when the name or an alias is taken
     */
    public Registry<F> register(F entry) {
        Descriptor d = entry.descriptor();
        String key = key(d.name());
        if (entries.containsKey(key) || aliases.containsKey(key)) {
            F other = entries.get(key);
            throw new ConfigurationException(kind + " '" + d.name() + "' registered twice (" + entry.getClass().getName()
                    + (other == null ? ", and as an alias" : " and " + other.getClass().getName()) + ")");
        }
        entries.put(key, entry);
        for (String a : d.aliases()) {
            alias(a, d.name());
        }
        return this;
    }

    /** Registers another name for an entry (canonical specs keep the main name). */
    public Registry<F> alias(String alias, String name) {
        String k = key(alias);
        if (entries.containsKey(k) || (aliases.containsKey(k) && !aliases.get(k).equals(key(name)))) {
            throw new ConfigurationException(kind + " alias '" + alias + "' is already taken");
        }
        aliases.put(k, key(name));
        return this;
    }

    /** @return the entries, in registration order */
    public List<F> entries() {
        return List.copyOf(entries.values());
    }

    /** @return the descriptors, in registration order */
    public List<Descriptor> descriptors() {
        List<Descriptor> d = new ArrayList<>();
        entries.values().forEach(f -> d.add(f.descriptor()));
        return Collections.unmodifiableList(d);
    }

    /** @return alias → main name, as registered */
    public Map<String, String> aliases() {
        Map<String, String> m = new LinkedHashMap<>();
        aliases.forEach((a, n) -> m.put(a, entries.get(n).descriptor().name()));
        return Collections.unmodifiableMap(m);
    }

    /** @return the entry of a canonical (or any known) name */
    public F get(String name) {
        String k = key(name);
        F f = entries.get(aliases.getOrDefault(k, k));
        if (f == null) {
            throw unknown(name);
        }
        return f;
    }

    /** @return whether a name or alias is known (rewriters not consulted) */
    public boolean contains(String name) {
        String k = key(name);
        return entries.containsKey(aliases.getOrDefault(k, k));
    }

    /** Parses and validates {@code text} into its canonical spec (see {@link #resolve(Spec)}). */
    public Spec resolve(String text) {
        return resolve(Spec.parse(kind, text));
    }

    /**
     * Validates a parsed spec into its canonical form: the main name, defaults for omitted parameters, canonical
     * values.
     *
     * @throws ConfigurationException for an unknown name or parameter or a bad value, naming the entry, the
     *     parameter and what is accepted
     */
    public Spec resolve(Spec raw) {
        String k = key(raw.name());
        F f = entries.get(aliases.getOrDefault(k, k));
        if (f == null) {
            for (F e : entries.values()) {
                Spec rewritten = e.rewrite(raw);
                if (rewritten != null) {
                    return resolve(rewritten);
                }
            }
            for (UnaryOperator<Spec> r : rewriters) {
                Spec rewritten = r.apply(raw);
                if (rewritten != null) {
                    return resolve(rewritten);
                }
            }
            throw unknown(raw.name());
        }
        Descriptor d = f.descriptor();
        String owner = kind + " '" + d.name() + "'";
        Map<String, String> given = new LinkedHashMap<>(raw.params());
        if (given.containsKey(Spec.POSITIONAL)) {
            if (d.parameters().size() != 1) {
                throw new ConfigurationException(owner + ": value '" + given.get(Spec.POSITIONAL) + "' needs a key ("
                        + (d.parameters().isEmpty() ? "it takes no parameters" : "key=value; its parameters: "
                        + names(d)) + ")");
            }
            given.put(d.parameters().get(0).name(), given.remove(Spec.POSITIONAL));
        }
        for (String key : given.keySet()) {
            if (d.parameter(key).isEmpty()) {
                throw new ConfigurationException(owner + " has no parameter '" + key + "'"
                        + (d.parameters().isEmpty() ? "; it takes no parameters" : "; its parameters: " + names(d)));
            }
        }
        Map<String, String> canonical = new LinkedHashMap<>();
        for (ParameterDescriptor p : d.parameters()) {
            String v = given.get(p.name());
            if (v == null && p.defaultValue() == null) {
                throw new ConfigurationException(owner + " needs parameter '" + p.name() + "' (" + p.description()
                        + "): " + d.name() + ":" + p.name() + "=...");
            }
            String c = v == null ? p.defaultValue() : p.canonicalize(owner, v);
            if (p.type() == ParameterDescriptor.Type.SPEC && !c.isEmpty()) {
                c = specValues.apply(c);
            }
            if (!(p.omittedWhenDefault() && c.equals(p.defaultValue()))) {
                canonical.put(p.name(), c);
            }
        }
        return new Spec(d.name(), canonical);
    }

    /**
     * @return the canonical spec with every omitted-at-default parameter filled in, for the entry that creates the
     *     thing (it may read every parameter)
     */
    public Spec complete(Spec canonical) {
        Descriptor d = get(canonical.name()).descriptor();
        Map<String, String> m = new LinkedHashMap<>();
        for (ParameterDescriptor p : d.parameters()) {
            m.put(p.name(), canonical.params().getOrDefault(p.name(), p.defaultValue()));
        }
        return new Spec(d.name(), m);
    }

    private static List<String> names(Descriptor d) {
        return d.parameters().stream().map(ParameterDescriptor::name).toList();
    }

    private ConfigurationException unknown(String name) {
        List<String> known = new ArrayList<>();
        entries.values().forEach(f -> known.add(f.descriptor().name()));
        return new ConfigurationException("unknown " + kind + " '" + name + "'; known: " + String.join(", ", known)
                + (aliases.isEmpty() ? "" : " (aliases: " + String.join(", ", aliases().keySet()) + ")")
                + ". 'heatbench methods' lists them with their parameters");
    }

    /** Names match case-insensitively, with '-' and '_' equivalent. */
    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
