package org.heatbench.perturbation;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * One record's perturbation trajectory under one ranking: produces the perturbed inputs of steps 1..K one at a time,
 * so that many trajectories can be streamed into large model batches without holding all their inputs. Step 0 (the
 * clean input) is not produced here.
 *
 * <p>Step k perturbs regions {@code order[(k−1)·m .. k·m − 1]} (m regions per step) in that order: each region is
 * marked removed, then the perturbation function is applied. Non-cumulative schedules reset to the clean input first.
 * Not thread-safe.
 */
public final class Trajectory {
    private final PerturbationState state;
    private final RegionScheme regions;
    private final PerturbationFunction function;
    private final Schedule schedule;
    private final int[] order;
    private int step;

    private Trajectory(PerturbationState state, RegionScheme regions, PerturbationFunction function,
            Schedule schedule, int[] order) {
        this.state = state;
        this.regions = regions;
        this.function = function;
        this.schedule = schedule;
        this.order = order;
    }

    /**
     * Starts a trajectory.
     *
     * @param signal the clean record [leads, samples], finite (not modified)
     * @param order region numbers in perturbation order (at least steps × regions per step of them)
     * @param noise the stream the perturbation function draws from
     */
    public static Trajectory start(PerturbationConfig config, float[] signal, int leads, int samples, int[] order,
            UniformRandomProvider noise) {
        if (order.length < config.schedule().regionsNeeded()) {
            throw new IllegalArgumentException("order has " + order.length + " regions, the schedule needs "
                    + config.schedule().regionsNeeded());
        }
        return new Trajectory(new PerturbationState(signal, leads, samples, noise), config.regions(),
                config.perturbation(), config.schedule(), order);
    }

    /** @return steps produced so far */
    public int step() {
        return step;
    }

    /** @return whether another step remains */
    public boolean hasNext() {
        return step < schedule.steps();
    }

    /**
     * Applies the next step and copies the perturbed record into {@code dst} at {@code offset}.
     *
     * @throws IllegalStateException when every step has been produced
     */
    public void next(float[] dst, int offset) {
        if (!hasNext()) {
            throw new IllegalStateException("trajectory finished after " + step + " steps");
        }
        if (!schedule.cumulative()) {
            state.reset();
        }
        int m = schedule.regionsPerStep();
        int leads = state.leads();
        int samples = state.samples();
        for (int j = 0; j < m; j++) {
            Region r = regions.region(order[step * m + j], leads, samples);
            state.markRemoved(r);
            function.apply(state, r);
        }
        step++;
        float[] cur = state.current();
        System.arraycopy(cur, 0, dst, offset, cur.length);
    }
}
