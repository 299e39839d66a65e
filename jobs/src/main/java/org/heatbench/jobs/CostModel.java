package org.heatbench.jobs;

import java.util.List;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;

/**
 * Work of a run in forward-pass equivalents (one model forward of one record = 1), and its time at a measured
 * forward rate. A gradient costs ≈ 3 forwards (forward, backward ≈ 2 forwards); integrated gradients, SmoothGrad and
 * GradientSHAP cost one gradient per step or sample; guided Grad-CAM and LRP run two passes. Perturbation costs one
 * forward per step of each trajectory: each method's MoRF and LeRF orders, plus one random-order control shared by
 * all methods, plus the clean prediction. The model is deliberately simple; {@code docs/PERFORMANCE.md} compares it
 * with measured runs.
 */
public final class CostModel {
    private CostModel() {
    }

    /**
     * Forward equivalents of computing one method's attribution of one record: the cost its descriptor declares
     * ({@link org.heatbench.methods.MethodFactory#cost}), e.g. steps × 3 for integrated gradients.
     */
    public static double attribution(String method, MethodRegistry registry) {
        return registry.cost(MethodSpec.parse(method));
    }

    /** Forward equivalents of perturbing one record for one target with {@code methods}. */
    public static double perturbation(PerturbationConfig config, int methods) {
        int perMethod = (config.runs(Order.MORF) ? 1 : 0) + (config.runs(Order.LERF) ? 1 : 0);
        int trajectories = methods * perMethod + (config.runs(Order.RANDOM) ? 1 : 0);
        return 1 + (double) trajectories * config.schedule().steps();
    }

    /** Forward equivalents of one record for one target: every method's attribution and perturbation. */
    public static double perRecord(PerturbationConfig config, List<String> methods, MethodRegistry registry) {
        double a = 0;
        for (String m : methods) {
            a += attribution(m, registry);
        }
        return a + perturbation(config, methods.size());
    }

    /**
     * An estimate of a run.
     *
     * @param forwardEquivalents total work
     * @param forwardRate measured forwards per second of one task slot
     * @param slots task slots running at once
     * @param seconds estimated wall time of the Spark stage
     */
    public record Estimate(double forwardEquivalents, double forwardRate, int slots, double seconds) {
    }
}
