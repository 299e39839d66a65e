package org.heatbench.perturbation.io;

/**
 * The text of one field of HeatBench's CSV tables ({@code records.csv}, {@code curves.csv.gz}, the summary tables,
 * {@code components.csv}; docs/PERTURBATION.md, "Output files"): numbers in Java's shortest round-trip form
 * ({@link Double#toString(double)}, {@link Float#toString(float)}: a float32 value is written as float32, so it reads
 * back bit for bit), NaN as an empty field, infinities as {@code Infinity} / {@code -Infinity}; text quoted as RFC 4180
 * asks when it holds a comma, quote or line break (method specs contain commas), a quote doubled. Stateless,
 * thread-safe.
 */
final class CsvFields {
    private CsvFields() {
    }

    /** A float64 number: shortest round-trip text, empty for NaN. */
    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A float32 number: shortest round-trip float32 text, empty for NaN. */
    static String num(float v) {
        return Float.isNaN(v) ? "" : Float.toString(v);
    }

    /** A text field, quoted when it holds a comma, quote or line break. */
    static String text(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
