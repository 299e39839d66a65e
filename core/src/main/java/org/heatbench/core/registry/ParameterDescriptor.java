package org.heatbench.core.registry;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/**
 * One parameter of a registered entry (attribution method, perturbation function, region scheme, importer): its
 * name, type, default and accepted values. Immutable.
 *
 * @param name the key in {@code name:key=value}
 * @param type the value type
 * @param defaultValue the canonical default, or {@code null} for a required parameter (see {@link #required()})
 * @param choices accepted values for {@link Type#CHOICE}, else empty
 * @param min inclusive lower bound for numbers ({@code null} = none)
 * @param description one line for {@code heatbench methods}
 */
public record ParameterDescriptor(String name, Type type, String defaultValue, List<String> choices, Double min,
        String description, boolean omittedWhenDefault) {

    /** Parameter value types. */
    public enum Type {
        INT, DOUBLE, BOOLEAN, CHOICE, STRING,
        /** another registered entry's spec (e.g. a sampling method's {@code base}); canonicalised by its registry */
        SPEC
    }

    /** Largest value of an integer parameter (steps, samples): a bound checked before any work. */
    public static final long MAX_INT = 100_000;

    public ParameterDescriptor {
        choices = List.copyOf(choices);
    }

    /** A parameter that always appears in the canonical form. */
    public ParameterDescriptor(String name, Type type, String defaultValue, List<String> choices, Double min,
            String description) {
        this(name, type, defaultValue, choices, min, description, false);
    }

    /**
     * @return this parameter, left out of the canonical form while it has its default value — for parameters added
     *     after canonical forms were published (results and resume checks compare canonical forms), so that adding
     *     one does not change the canonical form of any existing configuration
     */
    public ParameterDescriptor omitWhenDefault() {
        return new ParameterDescriptor(name, type, defaultValue, choices, min, description, true);
    }

    /** @return this parameter without a default: a spec must give it */
    public ParameterDescriptor required() {
        return new ParameterDescriptor(name, type, null, choices, min, description, omittedWhenDefault);
    }

    /** A parameter whose value is a spec of another registry's entry, canonicalised by that registry. */
    public static ParameterDescriptor ofSpec(String name, String dflt, String description) {
        return new ParameterDescriptor(name, Type.SPEC, dflt, List.of(), null, description);
    }

    public static ParameterDescriptor ofInt(String name, int dflt, int min, String description) {
        return new ParameterDescriptor(name, Type.INT, Integer.toString(dflt), List.of(), (double) min, description);
    }

    public static ParameterDescriptor ofDouble(String name, double dflt, Double min, String description) {
        return new ParameterDescriptor(name, Type.DOUBLE, canonicalDouble(dflt), List.of(), min, description);
    }

    public static ParameterDescriptor ofBoolean(String name, boolean dflt, String description) {
        return new ParameterDescriptor(name, Type.BOOLEAN, Boolean.toString(dflt), List.of(), null, description);
    }

    public static ParameterDescriptor ofChoice(String name, String dflt, List<String> choices, String description) {
        return new ParameterDescriptor(name, Type.CHOICE, dflt, choices, null, description);
    }

    public static ParameterDescriptor ofString(String name, String dflt, String description) {
        return new ParameterDescriptor(name, Type.STRING, dflt, List.of(), null, description);
    }

    /**
     * Validates a raw value and returns its canonical form (numbers without redundant digits, booleans in lower
     * case).
     *
     * <p>{@link Type#SPEC} values are returned trimmed; their registry canonicalises them.
     *
     * @param owner names the entry in the error message, e.g. {@code method 'smoothgrad'}
     * @throws ConfigurationException naming the owner, the parameter and what it accepts
     */
    public String canonicalize(String owner, String raw) {
        String method = owner;
        String v = raw.trim();
        try {
            switch (type) {
                case INT -> {
                    long n = integer(v);
                    if (min != null && n < min) {
                        throw bad(method, raw, "an integer >= " + min.longValue());
                    }
                    if (n > MAX_INT) {
                        // each unit is a forward and backward pass per record: 2e9 samples would run for years
                        throw bad(method, raw, "at most " + MAX_INT + " (each one costs a forward and backward pass "
                                + "per record)");
                    }
                    return Long.toString(n);
                }
                case DOUBLE -> {
                    double d = Double.parseDouble(v);
                    if (!Double.isFinite(d) || (min != null && d < min)) {
                        throw bad(method, raw, "a finite number" + (min == null ? "" : " >= " + min));
                    }
                    return canonicalDouble(d);
                }
                case BOOLEAN -> {
                    String l = v.toLowerCase(Locale.ROOT);
                    if (l.equals("true") || l.equals("false")) {
                        return l;
                    }
                    throw bad(method, raw, "true or false");
                }
                case CHOICE -> {
                    String l = v.toLowerCase(Locale.ROOT);
                    if (choices.contains(l)) {
                        return l;
                    }
                    throw bad(method, raw, "one of " + choices);
                }
                default -> {
                    return v;
                }
            }
        } catch (NumberFormatException e) {
            throw bad(method, raw, type == Type.INT ? "an integer" : "a number");
        }
    }

    /** Integers, also written as integral numbers in exponent form ({@code 2e9}), which are then bounds-checked. */
    private static long integer(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            double d = Double.parseDouble(v);
            if (d != Math.rint(d) || Math.abs(d) >= 9.2e18) {
                throw e;
            }
            return (long) d;
        }
    }

    private ConfigurationException bad(String method, String raw, String expected) {
        return new ConfigurationException(method + ": parameter '" + name + "' must be " + expected
                + ", got '" + raw + "'");
    }

    /** Shortest decimal form that round-trips: 0.1, 1e-10 → 1.0E-10 style avoided (plain digits up to 1e-12). */
    public static String canonicalDouble(double d) {
        if (d == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String plain = b.toPlainString();
        return plain.length() <= 16 ? plain : b.toString();
    }
}
