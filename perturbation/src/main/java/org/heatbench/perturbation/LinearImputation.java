package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;
import org.heatbench.core.registry.ParameterDescriptor;

/**
 * Linear imputation along time, optionally noisy (1-D ROAD, Rong et al. 2022). For each lead of the region, the
 * maximal run {@code [a, b)} of removed samples containing it is re-imputed from the clean values of its nearest
 * unremoved neighbours {@code a − 1} and {@code b}: the straight line between them; the neighbour's value when only
 * one exists; the clean lead's mean when the whole lead is removed. That is the solution of ROAD's neighbour-average
 * linear system restricted to one lead. {@code road} only names the function ({@code road:k=K} or {@code interpolate}
 * when false, then k = 0). Noise: each removed point gets N(0, σ²), σ = k·(max − min) of the clean
 * record, drawn once when the point is first removed (lead-major order) and kept while its run is re-imputed.
 */
record LinearImputation(double k, boolean road) implements PerturbationFunction {

    LinearImputation {
        if (!(k >= 0) || Double.isInfinite(k) || (!road && k != 0)) {
            throw new ConfigurationException("imputation noise scale k must be finite and >= 0, got " + k);
        }
    }

    @Override
    public String canonical() {
        return road ? "road:k=" + ParameterDescriptor.canonicalDouble(k) : "interpolate";
    }

    @Override
    public void apply(PerturbationState s, Region r) {
        int samples = s.samples();
        double sigma = k * s.range();
        if (k > 0) {
            // fix the new points' noise first, in lead-major order, so draws do not depend on run geometry
            for (int l = r.firstLead(); l < r.endLead(); l++) {
                for (int t = r.start(); t < r.end(); t++) {
                    s.pointNoise(l, t, sigma);
                }
            }
        }
        float[] x = s.current();
        float[] x0 = s.original();
        for (int l = r.firstLead(); l < r.endLead(); l++) {
            int a = r.start();
            while (a > 0 && s.isRemoved(l, a - 1)) {
                a--;
            }
            int b = r.end();
            while (b < samples && s.isRemoved(l, b)) {
                b++;
            }
            int row = l * samples;
            boolean hasLeft = a > 0;
            boolean hasRight = b < samples;
            double left = hasLeft ? x0[row + a - 1] : 0;
            double right = hasRight ? x0[row + b] : 0;
            for (int t = a; t < b; t++) {
                double v;
                if (hasLeft && hasRight) {
                    v = left + (right - left) * (t - (a - 1)) / (double) (b - (a - 1));
                } else if (hasLeft) {
                    v = left;
                } else if (hasRight) {
                    v = right;
                } else {
                    v = s.leadMean(l);
                }
                x[row + t] = (float) (k > 0 ? v + s.pointNoise(l, t, sigma) : v);
            }
        }
    }

    @Override
    public String toString() {
        return canonical();
    }
}
