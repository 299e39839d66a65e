package org.heatbench.jobs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern COUNT = Pattern.compile("(?:^|[:,])(?:steps|samples)=(\\d+)");

    private CostModel() {
    }

    /** Forward equivalents of computing one method's attribution of one record. */
    public static double attribution(String method) {
        String name = method.contains(":") ? method.substring(0, method.indexOf(':')) : method;
        Matcher m = COUNT.matcher(method);
        int n = m.find() ? Integer.parseInt(m.group(1)) : 1;
        return switch (name) {
            case "random" -> 0;
            case "integrated_gradients", "smoothgrad", "gradient_shap" -> 3.0 * n;
            case "guided_gradcam", "lrp" -> 4;
            default -> 3;
        };
    }

    /** Forward equivalents of perturbing one record for one target with {@code methods}. */
    public static double perturbation(PerturbationConfig config, int methods) {
        int perMethod = (config.runs(Order.MORF) ? 1 : 0) + (config.runs(Order.LERF) ? 1 : 0);
        int trajectories = methods * perMethod + (config.runs(Order.RANDOM) ? 1 : 0);
        return 1 + (double) trajectories * config.schedule().steps();
    }

    /** Forward equivalents of one record for one target: every method's attribution and perturbation. */
    public static double perRecord(PerturbationConfig config, List<String> methods) {
        double a = 0;
        for (String m : methods) {
            a += attribution(m);
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
