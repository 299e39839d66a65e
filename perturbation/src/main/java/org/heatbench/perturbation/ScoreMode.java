package org.heatbench.perturbation;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/**
 * How an attribution value becomes a point's relevance score for ranking and localization.
 *
 * <p>{@link #ABSOLUTE} ranks by |a| (the reference study; the sign of a regression gradient says in which
 * direction the output moves, not whether the point matters). {@link #SIGNED} ranks by a itself, so MoRF takes the
 * most positive points first; for localization it counts only positive relevance (Arras et al. 2022).
 */
public enum ScoreMode {
    /** |a|. */
    ABSOLUTE("abs"),
    /** a (signed). */
    SIGNED("signed");

    private final String key;

    ScoreMode(String key) {
        this.key = key;
    }

    /** @return {@code abs} or {@code signed} */
    public String key() {
        return key;
    }

    /** @return the ranking score of one attribution value (NaN stays NaN) */
    public double score(float a) {
        return this == ABSOLUTE ? Math.abs((double) a) : a;
    }

    /** @return the relevance counted by localization metrics: |a|, or max(a, 0) for {@link #SIGNED} */
    public double relevance(float a) {
        return this == ABSOLUTE ? Math.abs((double) a) : Math.max(0.0, a);
    }

    /**
     * Parses {@code abs}/{@code absolute} or {@code signed}, case-insensitive.
     *
     * @throws ConfigurationException naming the accepted values
     */
    public static ScoreMode parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "abs", "absolute" -> ABSOLUTE;
            case "signed" -> SIGNED;
            default -> throw new ConfigurationException("unknown score mode '" + text + "' (abs, signed)");
        };
    }
}
