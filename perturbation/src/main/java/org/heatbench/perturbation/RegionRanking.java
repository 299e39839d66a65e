package org.heatbench.perturbation;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Puts a record's regions in the order in which they are perturbed. The standard rankings are the constants of
 * {@link Order}; others may be plugged into {@link Trajectory#start}.
 *
 * <p>Contract: the result is a permutation of {@code 0 .. scores.length − 1}; scores are finite (callers reject NaN
 * attributions first); equal scores are ordered by region number, so a constant or all-zero attribution still gives
 * a defined order (region number order) — never an error. A ranking may draw from {@code rng} (only the random
 * order does); it must not keep state between calls. Implementations are thread-safe.
 */
public interface RegionRanking {

    /** @return a short lower-case name ({@code morf}, {@code lerf}, {@code random}) used in outputs */
    String key();

    /**
     * @param scores one finite score per region, by region number
     * @param rng the record's ordering stream
     * @return region numbers, first perturbed first
     */
    int[] order(double[] scores, UniformRandomProvider rng);
}
