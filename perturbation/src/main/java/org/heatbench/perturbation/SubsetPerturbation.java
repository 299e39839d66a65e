package org.heatbench.perturbation;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Perturbs a set of regions of a clean record at once (not a trajectory): marks them all removed, then applies the
 * perturbation function to each in the given order — the same code path as one step of a cumulative trajectory, so
 * imputation sees every removed point. Used by the subset-based faithfulness scores
 * ({@link org.heatbench.perturbation.scores.SubsetScores}). Stateless; the random stream is the caller's.
 */
public final class SubsetPerturbation {
    private SubsetPerturbation() {
    }

    /**
     * @param clean the clean record [leads, samples] (not modified)
     * @param regions region numbers of {@code scheme}
     * @param rng the stream of this perturbation's random draws
     * @param out receives the perturbed record at {@code offset}
     */
    public static void apply(float[] clean, int leads, int samples, RegionScheme scheme, PerturbationFunction function,
            List<Integer> regions, UniformRandomProvider rng, float[] out, int offset) {
        PerturbationState state = new PerturbationState(clean, leads, samples, rng);
        for (int i : regions) {
            state.markRemoved(scheme.region(i, leads, samples));
        }
        for (int i : regions) {
            function.apply(state, scheme.region(i, leads, samples));
        }
        System.arraycopy(state.current(), 0, out, offset, clean.length);
    }
}
