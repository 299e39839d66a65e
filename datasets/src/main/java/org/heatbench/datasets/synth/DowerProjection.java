package org.heatbench.datasets.synth;

import java.util.List;
import org.heatbench.datasets.Lead;

/**
 * The Dower transform from the dipole (X, Y, Z) to the eight independent leads I, II, V1–V6 (coefficients from
 * {@code ../shared/docs/ecg-synthesis.md}). The other four limb leads follow from I and II
 * ({@link org.heatbench.datasets.LeadMapping}).
 */
public final class DowerProjection {
    /** Output leads, in order: {@link Lead#INDEPENDENT_8}. */
    public static final List<Lead> LEADS = Lead.INDEPENDENT_8;

    private static final double[][] COEFFICIENTS = {
        {0.632, -0.235, 0.059},   // I
        {0.235, 1.066, -0.132},   // II
        {-0.515, 0.157, -0.917},  // V1
        {0.044, 0.164, -1.387},   // V2
        {0.882, 0.098, -1.277},   // V3
        {1.213, 0.127, -0.601},   // V4
        {1.125, 0.127, -0.086},   // V5
        {0.831, 0.076, 0.230},    // V6
    };

    private DowerProjection() {
    }

    /** @return the (X, Y, Z) weights of lead {@code lead} (one of the eight independent leads) */
    public static Vec3 weights(Lead lead) {
        int k = LEADS.indexOf(lead);
        if (k < 0) {
            throw new IllegalArgumentException(lead.label() + " is not one of the eight independent leads");
        }
        double[] c = COEFFICIENTS[k];
        return new Vec3(c[0], c[1], c[2]);
    }

    /** @return the value of lead number {@code k} of {@link #LEADS} for the dipole (x, y, z) */
    static double project(int k, double x, double y, double z) {
        double[] c = COEFFICIENTS[k];
        return c[0] * x + c[1] * y + c[2] * z;
    }
}
