package org.heatbench.methods.attribution;

import java.util.List;
import org.heatbench.core.ConfigurationException;

/**
 * Integration nodes α_k ∈ [0, 1] and weights w_k for integrated gradients, exactly as Captum builds them
 * ({@code captum.attr._utils.approximation_methods}): Gauss–Legendre via numpy's {@code leggauss} mapped from
 * [−1, 1] to [0, 1]; Riemann left/right/middle/trapezoid on a uniform float32 grid with weights 1/n (halved at
 * both ends for the trapezoid — Captum's construction, whose trapezoid weights sum to (n − 1)/n).
 *
 * @param alphas the nodes, ascending
 * @param weights the weights
 */
public record Quadrature(double[] alphas, double[] weights) {
    /** Rule names accepted by {@link #of(String, int)}. */
    public static final List<String> RULES = List.of("gausslegendre", "riemann_left", "riemann_right",
            "riemann_middle", "riemann_trapezoid");

    public Quadrature {
        alphas = alphas.clone();
        weights = weights.clone();
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public int size() {
        return alphas.length;
    }

    double alpha(int k) {
        return alphas[k];
    }

    double weight(int k) {
        return weights[k];
    }

    /** @return the rule with {@code n} nodes */
    public static Quadrature of(String rule, int n) {
        if (n < 1 || (rule.equals("riemann_trapezoid") && n < 2)) {
            throw new ConfigurationException("integration rule " + rule + " needs at least "
                    + (rule.equals("riemann_trapezoid") ? 2 : 1) + " steps, got " + n);
        }
        double[] a = new double[n];
        double[] w = new double[n];
        switch (rule) {
            case "gausslegendre" -> {
                return gaussLegendre(n);
            }
            case "riemann_left" -> linspace(a, 0, 1 - 1.0 / n);
            case "riemann_right" -> linspace(a, 1.0 / n, 1);
            case "riemann_middle" -> linspace(a, 1.0 / (2 * n), 1 - 1.0 / (2 * n));
            case "riemann_trapezoid" -> linspace(a, 0, 1);
            default -> throw new ConfigurationException("unknown integration rule '" + rule + "'; use one of " + RULES);
        }
        // Captum's weights are 1/n for every Riemann rule, halved at both ends for the trapezoid, so its trapezoid
        // weights sum to (n − 1)/n rather than 1; reproduced as is, because agreeing with Captum is the contract
        java.util.Arrays.fill(w, 1.0 / n);
        if (rule.equals("riemann_trapezoid")) {
            w[0] /= 2;
            w[n - 1] /= 2;
        }
        return new Quadrature(a, w);
    }

    /** torch.linspace in float32, as Captum builds its nodes. */
    private static void linspace(double[] a, double from, double to) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            a[k] = (float) (n == 1 ? from : from + k * (to - from) / (n - 1));
        }
    }

    /** Gauss–Legendre nodes by Newton iteration on P_n (Golub–Welsch accuracy for n ≤ 1000). */
    static Quadrature gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        int m = (n + 1) / 2;
        for (int i = 0; i < m; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double pp;
            double z1;
            do {
                double p1 = 1;
                double p2 = 0;
                for (int j = 1; j <= n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j - 1) * z * p2 - (j - 1.0) * p3) / j;
                }
                pp = n * (z * p1 - p2) / (z * z - 1);
                z1 = z;
                z = z1 - p1 / pp;
            } while (Math.abs(z - z1) > 1e-15);
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2 / ((1 - z * z) * pp * pp);
            w[n - 1 - i] = w[i];
        }
        double[] a = new double[n];
        double[] ww = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (x[i] + 1) / 2;
            ww[i] = w[i] / 2;
        }
        return new Quadrature(a, ww);
    }
}
