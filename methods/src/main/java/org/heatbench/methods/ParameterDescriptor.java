package org.heatbench.methods;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/**
 * One parameter of an attribution method: its name, type, default and accepted values.
 *
 * @param name the key in {@code method:key=value}
 * @param type the value type
 * @param defaultValue the canonical default
 * @param choices accepted values for {@link Type#CHOICE}, else empty
 * @param min inclusive lower bound for numbers ({@code null} = none)
 * @param description one line for {@code heatbench methods}
 */
public record ParameterDescriptor(String name, Type type, String defaultValue, List<String> choices, Double min,
        String description) {

    /** Parameter value types. */
    public enum Type {
        INT, DOUBLE, BOOLEAN, CHOICE, STRING
    }

    /** Largest value of an integer parameter (steps, samples): a bound checked before any work. */
    public static final long MAX_INT = 100_000;

    public ParameterDescriptor {
        choices = List.copyOf(choices);
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
     * @param method the method name, for the error message
     */
    public String canonicalize(String method, String raw) {
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
        return new ConfigurationException("method '" + method + "': parameter '" + name + "' must be " + expected
                + ", got '" + raw + "'");
    }

    /** Shortest decimal form that round-trips: 0.1, 1e-10 → 1.0E-10 style avoided (plain digits up to 1e-12). */
    static String canonicalDouble(double d) {
        if (d == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String plain = b.toPlainString();
        return plain.length() <= 16 ? plain : b.toString();
    }
}
