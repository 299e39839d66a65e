package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;
import org.heatbench.core.registry.ParameterDescriptor;

/**
 * x ← float32(x + σ·z), z ~ N(0, 1) from the trajectory's stream, σ = k·(max − min) of the clean record. With
 * cumulative schedules noise accumulates on top of earlier steps (each region is perturbed once).
 */
record AdditiveNoise(double k) implements PerturbationFunction {

    AdditiveNoise {
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new ConfigurationException("noise scale k must be finite and >= 0, got " + k);
        }
    }

    @Override
    public String canonical() {
        return "noise:k=" + ParameterDescriptor.canonicalDouble(k);
    }

    @Override
    public void apply(PerturbationState s, Region r) {
        double sigma = k * s.range();
        float[] x = s.current();
        int samples = s.samples();
        for (int l = r.firstLead(); l < r.endLead(); l++) {
            int row = l * samples;
            for (int t = r.start(); t < r.end(); t++) {
                x[row + t] = (float) (x[row + t] + sigma * s.gaussian());
            }
        }
    }

    @Override
    public String toString() {
        return canonical();
    }
}
