package org.heatbench.datasets.synth;

import static org.heatbench.datasets.synth.ParameterSampler.truncated;
import static org.heatbench.datasets.synth.ParameterSampler.uniform;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.datasets.Lead;

/**
 * Model v2's population ({@code dipole-dower-v2}): the v1 "close to normal" adults widened towards what real
 * resting 12-lead medians show — QRS families (normal, RSR'/notched, bundle-branch-like up to 150 ms with
 * discordant T waves), T-wave amplitude, polarity and asymmetry (flat, inverted, broad low T waves), ST deviation,
 * U waves, low and high voltage, a wider electrical-axis spread, rate-dependent QT with an individual QT/RR slope,
 * and recording artefacts (EMG, mains, baseline wander, offsets, device quantisation). Every distribution and its
 * physiological source is listed in {@code docs/SYNTHESIS.md}.
 *
 * <p>Model v3 and v4 add their draws after v2's ({@link #RealisticSampler(double, double, double, double, double,
 * int)}). Truncated normals are cut at the 2nd and 98th percentiles as in v1. Stateless apart from its settings;
 * thread-safe; all randomness from the generator passed in, in a fixed order.
 */
public final class RealisticSampler implements PatientSampler {
    private static final double DEG = Math.PI / 180;

    private static final Vec3 BASE_P = new Vec3(0.55, 0.80, 0.10).unit();
    private static final Vec3 BASE_Q = new Vec3(-0.55, 0.25, -0.80).unit();
    private static final Vec3 BASE_R = new Vec3(0.80, 0.50, 0.30).unit();
    private static final Vec3 BASE_S = new Vec3(-0.55, -0.45, 0.70).unit();
    private static final Vec3 BASE_T = new Vec3(0.75, 0.55, -0.35).unit();
    /** Late rightward-anterior force of right-bundle-branch-like conduction (R' in V1). */
    private static final Vec3 BASE_RP_RIGHT = new Vec3(-0.70, 0.10, -0.70).unit();
    /** Late leftward-posterior force of left-bundle-branch-like conduction (notched R in V5/V6). */
    private static final Vec3 BASE_RP_LEFT = new Vec3(0.75, 0.05, 0.65).unit();
    private static final Vec3 V5 = DowerProjection.weights(Lead.V5);

    /** Share of records with a bundle-branch-like wide QRS (120–150 ms). */
    static final double WIDE_QRS = 0.08;
    /** Model v4's wide family: QRS range, ms (v2, v3: 120–150). */
    static final double WIDE_QRS_MIN_MS = 120;
    static final double WIDE_QRS_MAX_MS = 170;
    /** Share of records with a borderline QRS (110–120 ms, incomplete block). */
    static final double BORDERLINE_QRS = 0.07;

    private final double borderlineFraction;
    private final double noiseMinUv;
    private final double noiseMaxUv;
    private final double qrsOnsetMeanMs;
    private final double qrsOnsetSdMs;
    private final int version;

    /** Model v2's sampler (model version 2). */
    public RealisticSampler(double borderlineFraction, double noiseMinUv, double noiseMaxUv, double qrsOnsetMeanMs,
            double qrsOnsetSdMs) {
        this(borderlineFraction, noiseMinUv, noiseMaxUv, qrsOnsetMeanMs, qrsOnsetSdMs, 2);
    }

    /**
     * @param borderlineFraction share of records with one of PR, QTc, HR, ST-J in its borderline zone
     * @param noiseMinUv         lower bound of the per-record white-noise SD, µV
     * @param noiseMaxUv         its upper bound, µV
     * @param qrsOnsetMeanMs     mean QRS onset, ms from the window start
     * @param qrsOnsetSdMs       its SD, ms
     * @param version            the beat model's version, 2, 3 or 4. Each version draws what the one before draws,
     *                           in the same order, and then its own additions, so that the earlier version's stream
     *                           (and its stores) stay unchanged: v3 adds the atrial repolarisation wave, the
     *                           tangent-method T peak-to-end interval, rate-dependent broader U waves and whether the
     *                           next P wave shows; v4 adds, in the wide-QRS family only, a QRS range of 120–170 ms,
     *                           the full body of slow conduction ({@link QrsBody}: broad R and R′, R early, R′ at
     *                           0.5–1 of R) and the dispersed T wave ({@link TDispersion})
     *                           (docs/SYNTHESIS.md, "Model v3", "Model v4")
     */
    public RealisticSampler(double borderlineFraction, double noiseMinUv, double noiseMaxUv, double qrsOnsetMeanMs,
            double qrsOnsetSdMs, int version) {
        if (version < 2 || version > 4) {
            throw new IllegalArgumentException("the realistic sampler is model v2, v3 or v4, got " + version);
        }
        this.borderlineFraction = borderlineFraction;
        this.noiseMinUv = noiseMinUv;
        this.noiseMaxUv = noiseMaxUv;
        this.qrsOnsetMeanMs = qrsOnsetMeanMs;
        this.qrsOnsetSdMs = qrsOnsetSdMs;
        this.version = version;
    }

    @Override
    public BeatParameters sample(UniformRandomProvider rng) {
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        boolean male = rng.nextBoolean();
        Borderline borderline = Borderline.NONE;
        if (rng.nextDouble() < borderlineFraction) {
            Borderline[] kinds = {Borderline.PR, Borderline.QTC, Borderline.HR, Borderline.STJ, Borderline.FLAT_T};
            borderline = kinds[rng.nextInt(kinds.length)];
        }

        double hr = borderline == Borderline.HR
                ? (rng.nextBoolean() ? uniform(rng, 40, 50) : uniform(rng, 100, 130))
                : truncated(gauss, 70, 13);
        double rr = 60000 / hr;
        double pr = borderline == Borderline.PR ? uniform(rng, 200, 260) : truncated(gauss, 160, 25);
        double pDur = Math.max(60, Math.min(truncated(gauss, 105, 10), pr - 40));

        // QRS family: wide bundle-branch-like, borderline, or normal; RSR'/notching
        double family = rng.nextDouble();
        boolean wide = family < WIDE_QRS;
        boolean rightBundle = rng.nextBoolean();
        double qrs;
        double rPrime;
        if (wide) {
            qrs = uniform(rng, 120, 150);
            rPrime = uniform(rng, 0.3, 0.8);
        } else if (family < WIDE_QRS + BORDERLINE_QRS) {
            qrs = uniform(rng, 110, 120);
            rPrime = uniform(rng, 0.1, 0.5);
        } else {
            qrs = truncated(gauss, male ? 95 : 86, 9);
            rPrime = rng.nextDouble() < 0.12 ? uniform(rng, 0.05, 0.3) : 0;
        }

        // QT: individual QTc and individual QT/RR slope; conduction delay lengthens QT with the QRS
        double qtc = borderline == Borderline.QTC ? uniform(rng, 450, 500) : truncated(gauss, male ? 408 : 418, 20);
        double slope = truncated(gauss, 154, 25);
        double qt = qtc - slope * (1 - rr / 1000) + Math.max(0, qrs - 100) * 0.8;
        double tpte = Math.max(60, Math.min(truncated(gauss, 95, 15), qt - qrs - 60));
        double onset = truncated(gauss, qrsOnsetMeanMs, qrsOnsetSdMs);

        // voltage: low (< 500 µV), normal, high (LVH-like)
        double voltage = rng.nextDouble();
        double rAmp;
        if (voltage < 0.06) {
            rAmp = uniform(rng, 250, 500);
        } else if (voltage < 0.10) {
            rAmp = uniform(rng, 2000, 2700);
        } else {
            rAmp = Math.max(350, truncated(gauss, 1250, 450));
        }
        double tKind = rng.nextDouble();
        double tAmp;
        if (borderline == Borderline.FLAT_T || tKind < 0.06) {
            tAmp = uniform(rng, -60, 90);
        } else if ((wide && tKind < 0.6) || tKind < 0.12) {
            tAmp = -uniform(rng, 60, 450); // inverted: ischaemia, strain, or secondary to a wide QRS
        } else {
            double rho = 0.5;
            double mean = (male ? 420 : 310) + rho * 150 / 450 * (Math.min(rAmp, 2000) - 1250);
            tAmp = Math.max(60, truncated(gauss, mean, 160 * Math.sqrt(1 - rho * rho)));
        }
        double stj = borderline == Borderline.STJ ? uniform(rng, -100, 150) : truncated(gauss, 15, 30);
        double pAmp = Math.max(30, truncated(gauss, 130, 45));
        double qRatio = uniform(rng, 0.03, 0.35);
        double sRatio = uniform(rng, 0.1, 0.7);
        double divisor = uniform(rng, 9, 12.5);
        double tLeft = uniform(rng, 1.3, 2.6);
        double uRatio = rng.nextDouble() < 0.35 ? uniform(rng, 0.05, 0.2) : 0;

        // orientation: wider than v1 (frontal-plane axis spread ±45°, other planes ±30°, axis scales 0.6–1.5); T
        // twisted independently by up to ±30°; redraw until R projects clearly on V5 and T is not orthogonal to it
        Vec3 p;
        Vec3 q;
        Vec3 r;
        Vec3 s;
        Vec3 t;
        Vec3 rp;
        do {
            double a = uniform(rng, -30, 30) * DEG;
            double b = uniform(rng, -30, 30) * DEG;
            double c = uniform(rng, -45, 45) * DEG;
            Vec3 scale = new Vec3(uniform(rng, 0.6, 1.5), uniform(rng, 0.6, 1.5), uniform(rng, 0.6, 1.5));
            double tTwist = uniform(rng, -30, 30) * DEG;
            double tTilt = uniform(rng, -20, 20) * DEG;
            p = BASE_P.rotated(a, b, c).scaled(scale).unit();
            q = BASE_Q.rotated(a, b, c).scaled(scale).unit();
            r = BASE_R.rotated(a, b, c).scaled(scale).unit();
            s = BASE_S.rotated(a, b, c).scaled(scale).unit();
            rp = (rightBundle ? BASE_RP_RIGHT : BASE_RP_LEFT).rotated(a, b, c).scaled(scale).unit();
            t = BASE_T.rotated(tTwist, tTilt, tTwist).rotated(a, b, c).scaled(scale).unit();
        } while (r.dot(V5) < 0.45 || Math.abs(t.dot(V5)) < 0.35);
        if (Math.signum(t.dot(V5)) != Math.signum(tAmp) && tAmp != 0) {
            t = t.times(-1); // the T vector points so that V5 sees the drawn polarity
        }
        double noise = uniform(rng, noiseMinUv, noiseMaxUv);
        Artefacts artefacts = new Artefacts(uniform(rng, 0, 6), rng.nextDouble() < 0.3 ? uniform(rng, 0, 8) : 0,
                rng.nextBoolean() ? 50 : 60, uniform(rng, 0, 40), uniform(rng, 0.05, 0.5), 15,
                quantum(rng.nextDouble()));
        double taRatio = 0;
        double taDuration = 0;
        double uSigma = 30;
        boolean nextP = false;
        if (version >= 3) {
            // drawn after everything v2 draws, so a v2 store's stream is untouched
            taRatio = uniform(rng, 0.1, 0.5);
            taDuration = pDur * uniform(rng, 2, 3);
            // log-normal: the long upper tail of real T waves (LUDB-odd peak→tangent end 56/72/114 ms at p10/50/90)
            tpte = Math.max(45, Math.min(74 * Math.exp(0.28 * truncated(gauss, 0, 1)), qt - qrs - 60));
            double uChance = Math.max(0.2, Math.min(0.8, 0.8 - 0.015 * (hr - 60)));
            uRatio = rng.nextDouble() < uChance ? uniform(rng, 0.05, 0.25) : 0;
            uSigma = uniform(rng, 30, 60);
            nextP = rng.nextBoolean();
        }
        TDispersion dispersion = TDispersion.NONE;
        QrsBody body = QrsBody.NARROW;
        if (version >= 4) {
            // drawn for every record (so each record's stream has one length), used by the wide family only
            double delay = uniform(rng, 30, 60);
            double ratio = uniform(rng, 0.3, 0.6);
            double width = uniform(rng, 1.2, 2.0);
            double wideQrs = uniform(rng, WIDE_QRS_MIN_MS, WIDE_QRS_MAX_MS);
            double widePrime = uniform(rng, 0.5, 1.0);
            double wideR = uniform(rng, 1.0, 1.6);
            double wideRPosition = uniform(rng, 0.25, 0.4);
            if (wide) {
                // slow conduction: a wider range, and a full body — broad R and a strong late R' (notched plateau)
                qt += 0.8 * (wideQrs - qrs);
                qrs = wideQrs;
                rPrime = widePrime;
                body = new QrsBody(wideR, wideRPosition);
                tpte = Math.max(45, Math.min(tpte, qt - qrs - 60));
                dispersion = fitted(qt, tpte, new TDispersion(delay, ratio, width));
            }
        }
        return new BeatParameters(male, borderline, rr, onset, pr, pDur, qrs, qt, qtc, tpte, rAmp, tAmp, stj, pAmp,
                qRatio, sRatio, divisor, tLeft, p, q, r, s, t, noise, rPrime, rp, uRatio, artefacts, taRatio, taDuration,
                version >= 3, uSigma, nextP, dispersion, body);
    }

    /**
     * Keeps the late component inside the window that every valid configuration guarantees ({@link GeneratorConfig}:
     * mean QRS onset + 650 ms; a drawn onset lies at most 2.06 SD ≤ 41 ms after the mean): its peak + 3σ must come by
     * 600 ms after the QRS onset, else its width and then its delay shrink (and below a 15-ms delay it is dropped), so
     * that the T group has a measurable end and the QT label exists for every record.
     */
    static TDispersion fitted(double qtMs, double tPeakToEndMs, TDispersion d) {
        double limit = 600 - (qtMs - tPeakToEndMs); // room after the main T peak
        double sigma = tPeakToEndMs / 2;
        double width = Math.min(d.widthFactor(), Math.max(1, (limit - d.delayMs()) / (3 * sigma)));
        double delay = Math.min(d.delayMs(), limit - 3 * sigma * width);
        if (delay < 15) {
            return TDispersion.NONE;
        }
        return new TDispersion(delay, d.ratio(), width);
    }

    /** MUSE (4.88 µV) for 40%, the HL7 aECG example's 2.5 µV for 20%, unquantised float otherwise. */
    private static double quantum(double u) {
        return u < 0.4 ? 4.88 : u < 0.6 ? 2.5 : 0;
    }
}
