package org.heatbench.datasets.synth;

/**
 * One term of the dipole model: a scalar shape times a fixed vector amplitude (µV), placed in time (ms from the
 * start of the median-beat window). The heart vector is the sum of all waves.
 */
public sealed interface Wave permits Wave.Gaussian, Wave.Plateau {

    /** @return the wave group (for onset/offset measurement) */
    WaveGroup group();

    /** @return the beat the wave belongs to: 0 for the centred beat, −1 for the previous, +1 for the next */
    int beat();

    /** @return the amplitude vector in µV (the value at the shape's maximum of 1) */
    Vec3 amplitude();

    /** @return the scalar shape at time {@code t} (ms), with maximum 1 */
    double shape(double t);

    /** @return a time before which the shape is below 1e-8 */
    double supportStart();

    /** @return a time after which the shape is below 1e-8 */
    double supportEnd();

    /** @return the same wave moved by {@code dt} ms and assigned to beat {@code beat} */
    Wave shifted(double dt, int beat);

    /**
     * A Gaussian {@code exp(−(t − centre)² / 2σ²)} with its own width on each side of the centre (the T wave's
     * down-slope is steeper than its up-slope).
     */
    record Gaussian(WaveGroup group, int beat, double centre, double sigmaLeft, double sigmaRight, Vec3 amplitude)
            implements Wave {
        @Override
        public double shape(double t) {
            double d = t - centre;
            double s = d < 0 ? sigmaLeft : sigmaRight;
            return Math.exp(-d * d / (2 * s * s));
        }

        @Override
        public double supportStart() {
            return centre - 6.1 * sigmaLeft;
        }

        @Override
        public double supportEnd() {
            return centre + 6.1 * sigmaRight;
        }

        @Override
        public Wave shifted(double dt, int newBeat) {
            return new Gaussian(group, newBeat, centre + dt, sigmaLeft, sigmaRight, amplitude);
        }
    }

    /**
     * The ST-level term: a plateau that rises with a logistic step centred at {@code riseCentre} (time constant
     * {@code riseTau}) and falls with one centred at {@code fallCentre} ({@code fallTau}), merging into the T wave.
     */
    record Plateau(WaveGroup group, int beat, double riseCentre, double riseTau, double fallCentre, double fallTau,
            Vec3 amplitude) implements Wave {
        @Override
        public double shape(double t) {
            double up = 1 / (1 + Math.exp(-(t - riseCentre) / riseTau));
            double down = 1 / (1 + Math.exp((t - fallCentre) / fallTau));
            return up * down;
        }

        @Override
        public double supportStart() {
            return riseCentre - 18.5 * riseTau;
        }

        @Override
        public double supportEnd() {
            return fallCentre + 18.5 * fallTau;
        }

        @Override
        public Wave shifted(double dt, int newBeat) {
            return new Plateau(group, newBeat, riseCentre + dt, riseTau, fallCentre + dt, fallTau, amplitude);
        }
    }
}
