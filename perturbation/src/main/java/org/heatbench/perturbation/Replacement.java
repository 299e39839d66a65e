package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;
import org.heatbench.core.registry.ParameterDescriptor;

/** Replaces a region's values by zero, a constant (µV) or the clean lead's mean. No random draws. */
final class Replacement implements PerturbationFunction {
    static final Replacement ZERO = new Replacement("zero", 0, false);
    static final Replacement LEAD_MEAN = new Replacement("lead_mean", 0, true);

    private final String canonical;
    private final double value;
    private final boolean leadMean;

    private Replacement(String canonical, double value, boolean leadMean) {
        this.canonical = canonical;
        this.value = value;
        this.leadMean = leadMean;
    }

    static Replacement constant(double value) {
        if (!Double.isFinite(value)) {
            throw new ConfigurationException("perturbation constant must be finite, got " + value);
        }
        return new Replacement("constant:c=" + ParameterDescriptor.canonicalDouble(value), value, false);
    }

    @Override
    public String canonical() {
        return canonical;
    }

    @Override
    public void apply(PerturbationState s, Region r) {
        float[] x = s.current();
        int samples = s.samples();
        for (int l = r.firstLead(); l < r.endLead(); l++) {
            float v = (float) (leadMean ? s.leadMean(l) : value);
            int row = l * samples;
            for (int t = r.start(); t < r.end(); t++) {
                x[row + t] = v;
            }
        }
    }

    @Override
    public String toString() {
        return canonical;
    }
}
