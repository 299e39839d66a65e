package org.heatbench.perturbation.eval;

import java.io.Serializable;
import org.heatbench.perturbation.Schedule;

/**
 * Where a classifier's decision first flips along one perturbation trajectory (docs/PERTURBATION.md, "Decision
 * flips"): the decision at step k is [p_k ≥ threshold] ({@link Classification}); the flip step is the first k ≥ 1
 * whose decision differs from the clean one (k = 0). The trajectory is MoRF for a method and the random order for the
 * random-order control. Regression targets have none (null where a flip is held).
 *
 * @param step the flip step k in 1..K, or {@link #NO_FLIP} when the decision holds over all K steps
 * @param fraction the share of the record's regions perturbed in the input at step k: k · m / R for a cumulative
 *     schedule (m regions per step, R regions per record), m / R for a non-cumulative one; NaN without a flip
 */
public record DecisionFlip(int step, double fraction) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link #step()} of a trajectory along which the decision never flips. */
    public static final int NO_FLIP = -1;

    public DecisionFlip {
        if (step < 1 && step != NO_FLIP) {
            throw new IllegalArgumentException("flip step must be >= 1 or NO_FLIP, got " + step);
        }
        fraction = step == NO_FLIP ? Double.NaN : fraction;
    }

    /**
     * @param values the scorer values ŷ₀ (clean) .. ŷ_K of one trajectory
     * @param schedule the perturbation schedule (regions per step, cumulative or not)
     * @param regions the regions of one record (the region scheme's count for the model's input shape)
     */
    public static DecisionFlip of(Classification c, float[] values, Schedule schedule, int regions) {
        int k = c.flipStep(values);
        if (k < 1) {
            return new DecisionFlip(NO_FLIP, Double.NaN);
        }
        long perturbed = schedule.cumulative() ? (long) k * schedule.regionsPerStep() : schedule.regionsPerStep();
        return new DecisionFlip(k, (double) perturbed / regions);
    }

    /** @return whether the decision flips within the trajectory */
    public boolean flipped() {
        return step != NO_FLIP;
    }
}
