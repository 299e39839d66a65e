package org.heatbench.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, "Adam: A method for stochastic optimization", ICLR 2015) with bias correction, as
 * {@code torch.optim.Adam} without weight decay: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
 * θ ← θ − lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ). Moments in float64.
 *
 * <p>Mutable, not thread-safe.
 */
public final class Adam {
    /** PyTorch defaults. */
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final Map<String, double[]> m = new LinkedHashMap<>();
    private final Map<String, double[]> v = new LinkedHashMap<>();
    private long step;

    /** @return the number of updates made */
    public long step() {
        return step;
    }

    /** Applies one update with learning rate {@code lr} to every parameter that has a gradient. */
    public void update(Parameters params, Map<String, float[]> grads, double lr) {
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, float[]> e : grads.entrySet()) {
            float[] g = e.getValue();
            float[] p = params.values(e.getKey());
            double[] mm = m.computeIfAbsent(e.getKey(), k -> new double[g.length]);
            double[] vv = v.computeIfAbsent(e.getKey(), k -> new double[g.length]);
            for (int i = 0; i < g.length; i++) {
                double gi = g[i];
                mm[i] = BETA1 * mm[i] + (1 - BETA1) * gi;
                vv[i] = BETA2 * vv[i] + (1 - BETA2) * gi * gi;
                p[i] -= (float) (lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + EPS));
            }
        }
    }

    /** @return the first moments (live arrays), for checkpoints */
    Map<String, double[]> firstMoments() {
        return m;
    }

    /** @return the second moments (live arrays), for checkpoints */
    Map<String, double[]> secondMoments() {
        return v;
    }

    /** Restores state from a checkpoint. */
    void restore(long steps, Map<String, double[]> first, Map<String, double[]> second) {
        step = steps;
        m.clear();
        v.clear();
        first.forEach((k, a) -> m.put(k, a.clone()));
        second.forEach((k, a) -> v.put(k, a.clone()));
    }
}
