package org.heatbench.training;

/**
 * The affine maps that live inside the exported graph: {@code input = ecg[µV] × inputScale} and
 * {@code y[unit] = z × targetStd + targetMean}, where the network is trained on {@code z = (y − mean) / std}.
 *
 * @param inputScale factor applied to the µV input (1e-3: millivolts)
 * @param targetMean mean of the target on the training split, in the target's unit
 * @param targetStd standard deviation of the target on the training split, in the target's unit (&gt; 0)
 */
public record Normalization(double inputScale, double targetMean, double targetStd) {

    /** Input in mV, targets standardised with the training split's mean and SD. */
    public static final double DEFAULT_INPUT_SCALE = 1e-3;

    public Normalization {
        if (!(targetStd > 0) || !Double.isFinite(targetMean) || !(inputScale > 0)) {
            throw new IllegalArgumentException("invalid normalisation: scale " + inputScale + ", mean " + targetMean
                    + ", std " + targetStd);
        }
    }

    /** @return the identity for targets (mean 0, SD 1) with the default input scale */
    public static Normalization identity() {
        return new Normalization(DEFAULT_INPUT_SCALE, 0, 1);
    }

    /** @return the normalisation of finite {@code targets} (NaN skipped) with the default input scale */
    public static Normalization of(double[] targets) {
        double s = 0;
        double s2 = 0;
        long n = 0;
        for (double t : targets) {
            if (Double.isFinite(t)) {
                s += t;
                n++;
            }
        }
        if (n < 2) {
            throw new IllegalArgumentException("need at least two finite target values, got " + n);
        }
        double mean = s / n;
        for (double t : targets) {
            if (Double.isFinite(t)) {
                s2 += (t - mean) * (t - mean);
            }
        }
        double sd = Math.sqrt(s2 / (n - 1));
        return new Normalization(DEFAULT_INPUT_SCALE, mean, sd > 0 ? sd : 1);
    }

    /** @return {@code (y − mean) / std} */
    public double normalise(double y) {
        return (y - targetMean) / targetStd;
    }

    /** @return {@code z × std + mean} */
    public double denormalise(double z) {
        return z * targetStd + targetMean;
    }
}
