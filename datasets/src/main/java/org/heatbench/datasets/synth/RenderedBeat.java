package org.heatbench.datasets.synth;

import org.heatbench.datasets.Lead;

/**
 * The noise-free rendering of a {@link BeatDesign} on the sample grid. Arrays are owned by this object and not
 * exposed; accessors copy.
 */
public final class RenderedBeat {
    private final double rateHz;
    private final int samples;
    /** [group][axis][sample]: each wave group's own contribution of beat 0 to X, Y, Z */
    private final double[][][] groups;
    /** [lead of DowerProjection.LEADS][sample]: all waves of all beats */
    private final double[][] leads;

    RenderedBeat(double rateHz, int samples, double[][][] groups, double[][] leads) {
        this.rateHz = rateHz;
        this.samples = samples;
        this.groups = groups;
        this.leads = leads;
    }

    /** Renders {@code design} at {@code rateHz} over {@code samples} samples (sample i at i·1000/rate ms). */
    public static RenderedBeat render(BeatDesign design, double rateHz, int samples) {
        double[][][] groups = new double[WaveGroup.values().length][3][samples];
        double[][] xyz = new double[3][samples];
        double dt = 1000 / rateHz;
        for (Wave w : design.waves()) {
            int from = Math.max(0, (int) Math.ceil(w.supportStart() / dt));
            int to = Math.min(samples - 1, (int) Math.floor(w.supportEnd() / dt));
            Vec3 a = w.amplitude();
            double[][] own = w.beat() == 0 ? groups[w.group().ordinal()] : null;
            for (int i = from; i <= to; i++) {
                double g = w.shape(i * dt);
                double x = a.x() * g;
                double y = a.y() * g;
                double z = a.z() * g;
                xyz[0][i] += x;
                xyz[1][i] += y;
                xyz[2][i] += z;
                if (own != null) {
                    own[0][i] += x;
                    own[1][i] += y;
                    own[2][i] += z;
                }
            }
        }
        double[][] leads = new double[DowerProjection.LEADS.size()][samples];
        for (int k = 0; k < leads.length; k++) {
            for (int i = 0; i < samples; i++) {
                leads[k][i] = DowerProjection.project(k, xyz[0][i], xyz[1][i], xyz[2][i]);
            }
        }
        return new RenderedBeat(rateHz, samples, groups, leads);
    }

    public double rateHz() {
        return rateHz;
    }

    public int samples() {
        return samples;
    }

    /** @return the spatial magnitude √(X² + Y² + Z²) of one wave group of beat 0, per sample (a new array) */
    public double[] groupMagnitude(WaveGroup group) {
        double[][] g = groups[group.ordinal()];
        double[] m = new double[samples];
        for (int i = 0; i < samples; i++) {
            m[i] = Math.sqrt(g[0][i] * g[0][i] + g[1][i] * g[1][i] + g[2][i] * g[2][i]);
        }
        return m;
    }

    /** @return the noise-free value of independent lead number {@code k} ({@link DowerProjection#LEADS}) */
    double lead(int k, int i) {
        return leads[k][i];
    }

    /** @return a copy of one independent lead, µV */
    public double[] lead(Lead lead) {
        int k = DowerProjection.LEADS.indexOf(lead);
        if (k < 0) {
            throw new IllegalArgumentException(lead.label() + " is not an independent lead");
        }
        return leads[k].clone();
    }
}
