package org.heatbench.datasets.synth;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.datasets.Lead;

/**
 * Draws {@link BeatParameters} for a "close to normal" adult population (facts in
 * {@code ../shared/docs/ecg-synthesis.md}): truncated normals cut at the 2nd and 98th percentiles (mean ± 2.054 SD),
 * QT tied to RR by the Framingham formula, T amplitude correlated with R amplitude (ρ = 0.5), and a fraction of
 * records pushed into one borderline zone.
 *
 * <p>Stateless apart from its settings; thread-safe. All randomness comes from the generator passed in, in a fixed
 * order, so equal streams give equal parameters.
 */
public final class ParameterSampler implements PatientSampler {
    /** The 98th percentile of the standard normal: truncation point of the "normal" draws. */
    static final double CUT = 2.054;
    private static final double DEG = Math.PI / 180;

    private static final Vec3 BASE_P = new Vec3(0.55, 0.80, 0.10).unit();
    private static final Vec3 BASE_Q = new Vec3(-0.55, 0.25, -0.80).unit();
    private static final Vec3 BASE_R = new Vec3(0.80, 0.50, 0.30).unit();
    private static final Vec3 BASE_S = new Vec3(-0.55, -0.45, 0.70).unit();
    private static final Vec3 BASE_T = new Vec3(0.75, 0.55, -0.35).unit();
    private static final Vec3 V5 = DowerProjection.weights(Lead.V5);

    private final double borderlineFraction;
    private final double noiseMinUv;
    private final double noiseMaxUv;
    private final double qrsOnsetMeanMs;
    private final double qrsOnsetSdMs;

    /**
     * @param borderlineFraction share of records with one measure in its borderline zone, in [0, 1]
     * @param noiseMinUv         lower bound of the per-record noise SD, µV
     * @param noiseMaxUv         upper bound of the per-record noise SD, µV
     * @param qrsOnsetMeanMs     mean QRS onset, ms from the window start (436 = sample 218 at 500 Hz)
     * @param qrsOnsetSdMs       its SD (9 ms = 4.5 samples at 500 Hz)
     */
    public ParameterSampler(double borderlineFraction, double noiseMinUv, double noiseMaxUv, double qrsOnsetMeanMs,
            double qrsOnsetSdMs) {
        this.borderlineFraction = borderlineFraction;
        this.noiseMinUv = noiseMinUv;
        this.noiseMaxUv = noiseMaxUv;
        this.qrsOnsetMeanMs = qrsOnsetMeanMs;
        this.qrsOnsetSdMs = qrsOnsetSdMs;
    }

    /** Draws one patient. */
    @Override
    public BeatParameters sample(UniformRandomProvider rng) {
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        boolean male = rng.nextBoolean();
        Borderline borderline = Borderline.NONE;
        if (rng.nextDouble() < borderlineFraction) {
            Borderline[] kinds = Borderline.values();
            borderline = kinds[1 + rng.nextInt(kinds.length - 1)];
        }

        double hr = borderline == Borderline.HR
                ? (rng.nextBoolean() ? uniform(rng, 45, 50) : uniform(rng, 100, 110))
                : truncated(gauss, 68, 10);
        double rr = 60000 / hr;
        double pr = borderline == Borderline.PR ? uniform(rng, 200, 240) : truncated(gauss, 158, 25);
        double pDur = Math.max(60, Math.min(truncated(gauss, 105, 8), pr - 40));
        double qrs = borderline == Borderline.QRS ? uniform(rng, 110, 125) : truncated(gauss, male ? 95 : 85, 8);
        double qtc = borderline == Borderline.QTC ? uniform(rng, 450, 480) : truncated(gauss, 410, 20);
        double qt = qtc - 154 * (1 - rr / 1000);
        double tpte = Math.min(truncated(gauss, 94, 10), qt - qrs - 70);
        double onset = truncated(gauss, qrsOnsetMeanMs, qrsOnsetSdMs);

        double rAmp = truncated(gauss, 1350, 450);
        double tAmp;
        if (borderline == Borderline.FLAT_T) {
            tAmp = uniform(rng, 20, 100);
        } else {
            double rho = 0.5;
            double mean = (male ? 444 : 317) + rho * 150 / 450 * (rAmp - 1350);
            tAmp = Math.max(100, truncated(gauss, mean, 150 * Math.sqrt(1 - rho * rho)));
        }
        double stj = borderline == Borderline.STJ ? uniform(rng, -50, 100) : truncated(gauss, 20, 30);
        double pAmp = truncated(gauss, 150, 40);
        double qRatio = uniform(rng, 0.08, 0.25);
        double sRatio = uniform(rng, 0.15, 0.45);
        double divisor = uniform(rng, 10, 12);
        double tLeft = uniform(rng, 1.5, 2.0);

        // patient orientation: rotate the dipole ±25° about each axis and scale each axis by 0.7–1.4; redraw (from
        // the same stream) until R and T project clearly positively on V5, as in a normal ECG
        Vec3 p;
        Vec3 q;
        Vec3 r;
        Vec3 s;
        Vec3 t;
        do {
            double a = uniform(rng, -25, 25) * DEG;
            double b = uniform(rng, -25, 25) * DEG;
            double c = uniform(rng, -25, 25) * DEG;
            Vec3 scale = new Vec3(uniform(rng, 0.7, 1.4), uniform(rng, 0.7, 1.4), uniform(rng, 0.7, 1.4));
            double tTwist = uniform(rng, -15, 15) * DEG;
            p = BASE_P.rotated(a, b, c).scaled(scale).unit();
            q = BASE_Q.rotated(a, b, c).scaled(scale).unit();
            r = BASE_R.rotated(a, b, c).scaled(scale).unit();
            s = BASE_S.rotated(a, b, c).scaled(scale).unit();
            t = BASE_T.rotated(tTwist, 0, tTwist).rotated(a, b, c).scaled(scale).unit();
        } while (r.dot(V5) < 0.5 || t.dot(V5) < 0.4);
        double noise = uniform(rng, noiseMinUv, noiseMaxUv);
        return new BeatParameters(male, borderline, rr, onset, pr, pDur, qrs, qt, qtc, tpte, rAmp, tAmp, stj, pAmp,
                qRatio, sRatio, divisor, tLeft, p, q, r, s, t, noise, 0, r, 0, Artefacts.NONE, 0, 0, false,
                30, false, TDispersion.NONE, QrsBody.NARROW);
    }

    static double uniform(UniformRandomProvider rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A normal draw truncated to mean ± 2.054 SD (2nd to 98th percentile), by rejection. */
    static double truncated(ContinuousSampler gauss, double mean, double sd) {
        double z;
        do {
            z = gauss.sample();
        } while (Math.abs(z) > CUT);
        return mean + sd * z;
    }
}
