package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;

/**
 * How many regions are perturbed when: {@code steps} perturbation steps of {@code regionsPerStep} regions each,
 * taken in ranking order. A trajectory therefore has {@code steps + 1} curve points: point 0 is the clean input,
 * point k the input after k steps. Cumulative schedules keep earlier steps' perturbations (the reference study);
 * non-cumulative ones perturb only step k's regions of the clean input at point k (occlusion of one region set
 * at a time).
 *
 * @param steps perturbation steps evaluated by the model, ≥ 1
 * @param regionsPerStep regions perturbed per step, ≥ 1
 * @param cumulative whether perturbations accumulate
 */
public record Schedule(int steps, int regionsPerStep, boolean cumulative) {

    public Schedule {
        if (steps < 1) {
            throw new ConfigurationException("perturbation steps must be >= 1, got " + steps);
        }
        if (regionsPerStep < 1) {
            throw new ConfigurationException("regions per step must be >= 1, got " + regionsPerStep);
        }
    }

    /** One region per step, cumulative. */
    public static Schedule of(int steps) {
        return new Schedule(steps, 1, true);
    }

    public Schedule withSteps(int n) {
        return new Schedule(n, regionsPerStep, cumulative);
    }

    public Schedule withRegionsPerStep(int n) {
        return new Schedule(steps, n, cumulative);
    }

    public Schedule withCumulative(boolean c) {
        return new Schedule(steps, regionsPerStep, c);
    }

    /** @return curve points per trajectory: {@code steps + 1} */
    public int curvePoints() {
        return steps + 1;
    }

    /** @return regions consumed by a trajectory: {@code steps · regionsPerStep} */
    public long regionsNeeded() {
        return (long) steps * regionsPerStep;
    }

    /**
     * @throws ConfigurationException when a record of {@code regions} regions cannot supply every step
     */
    public void requireFits(int regions, String describe) {
        if (regionsNeeded() > regions) {
            throw new ConfigurationException("perturbation needs " + steps + " steps x " + regionsPerStep
                    + " region(s) per step = " + regionsNeeded() + " regions, but " + describe + " has only "
                    + regions + ": lower 'steps' or 'per_step', or use smaller regions", "steps", "per_step");
        }
    }
}
