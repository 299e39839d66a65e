package org.heatbench.results.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** HTML text helpers: escaping and number formatting. Stateless. */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for HTML element content and quoted attribute values: {@code & < > " '}. Null becomes empty.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number to 3 significant digits (plain notation between 1e-3 and 1e6), "–" for NaN. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** A p value: 3 significant digits, "&lt; 1e-16" style below 1e-16. */
    static String p(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v < 1e-16 ? "< 1e-16" : num(v);
    }

    /** The exact value for a data attribute (Java's shortest round-trip form, empty for NaN). */
    static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
