package org.heatbench.perturbation.sanity;

/**
 * One row of {@code sanity.csv}.
 *
 * @param method canonical method spec
 * @param check {@code cascading_randomisation}, {@code independent_randomisation} or {@code input_invariance}
 * @param statistic what {@code value} is, e.g. {@code spearman_abs:all_layers} (see docs/PERTURBATION.md)
 * @param value the statistic (NaN when no record allowed it)
 * @param verdict {@code pass}, {@code warn}, {@code fail}, or {@code info} for rows that only describe
 */
public record SanityRow(String method, String check, String statistic, double value, Verdict verdict) {

    /** A row's verdict; {@link #FAIL} marks a method in the report. */
    public enum Verdict {
        PASS, WARN, FAIL, INFO;

        /** @return lower case, as written to sanity.csv */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@link #label()}. */
        public static Verdict parse(String s) {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
