package org.heatbench.datasets.synth;

/**
 * The drawn "patient" behind one synthetic beat: the intended clinical values and the model's shape parameters.
 * These are what the generator aims at; the stored targets are measured on the rendered beat instead
 * ({@link BeatMeasurer}), and agree with the intended intervals to within a fraction of a millisecond.
 *
 * @param male          sex (QRS width and T amplitude depend on it)
 * @param borderline    which measure, if any, was drawn from its borderline zone
 * @param rrMs          beat-to-beat interval, ms (heart rate = 60000 / rr)
 * @param qrsOnsetMs    intended QRS onset, ms from the window start
 * @param prMs          intended PR interval, ms
 * @param pDurationMs   intended P-wave duration, ms
 * @param qrsMs         intended QRS duration, ms
 * @param qtMs          intended QT interval, ms (from QTc and RR by Framingham)
 * @param qtcMs         the drawn QTc, ms
 * @param tPeakToEndMs  T peak to T end, ms: to the 1.1%-threshold end (models v1, v2) or to the tangent-method
 *                      end ({@code tangentPlacement}, model v3)
 * @param rAmpV5Uv      intended R amplitude in V5, µV
 * @param tAmpV5Uv      intended T amplitude in V5, µV
 * @param stjV5Uv       intended ST-J level in V5, µV
 * @param pAmpUv        spatial P amplitude, µV
 * @param qRatio        |Q| / |R| (spatial)
 * @param sRatio        |S| / |R| (spatial)
 * @param qrsSigmaDivisor QRS duration / σ of the Q and S waves (σ of R is QRS / (divisor + 1))
 * @param tLeftRatio    σ left / σ right of the T wave
 * @param dirP          unit direction of the P wave
 * @param dirQ          unit direction of the Q wave
 * @param dirR          unit direction of the R wave
 * @param dirS          unit direction of the S wave
 * @param dirT          unit direction of the T wave and the ST plateau
 * @param noiseSdUv     standard deviation of the white noise added to each independent lead, µV
 * @param rPrimeRatio   |R'| / |R| of a late QRS wave between R and S (RSR', notched or bundle-branch-like
 *                      complexes); 0 = none (model v1 always 0)
 * @param dirRPrime     unit direction of the R' wave (ignored when {@code rPrimeRatio} is 0)
 * @param uRatio        U-wave amplitude as a fraction of the T wave's spatial amplitude, same direction as T; 0 = none
 * @param artefacts     noise beyond the white noise: EMG, mains, baseline wander, offsets, quantisation
 *                      ({@link Artefacts#NONE} in model v1)
 * @param taRatio       atrial repolarisation (Ta) wave amplitude as a fraction of the P wave's spatial amplitude,
 *                      opposite to P; 0 = none (models v1 and v2)
 * @param taDurationMs  from P onset to the middle of the Ta wave's fall back to the TP level, ms (ignored when
 *                      {@code taRatio} is 0)
 * @param tangentPlacement whether the T wave is placed so that its tangent-method end, rather than its 1.1%-threshold
 *                      end, lands on the intended QT (model v3)
 * @param uSigmaMs      the U wave's width σ, ms (models v1 and v2: 30)
 * @param nextP         whether the next beat's P wave (and Ta wave) is drawn where it reaches into the window, as a
 *                      median maker that averages QRS-aligned windows of the rhythm shows it (model v3; ignored when
 *                      every neighbouring beat is drawn)
 * @param tDispersion   a later, broader component of the T wave (model v4's wide-QRS family; otherwise
 *                      {@link TDispersion#NONE})
 * @param qrsBody       the R and R' waves' width and R's position (model v4's wide-QRS family; otherwise
 *                      {@link QrsBody#NARROW})
 */
public record BeatParameters(boolean male, Borderline borderline, double rrMs, double qrsOnsetMs, double prMs,
        double pDurationMs, double qrsMs, double qtMs, double qtcMs, double tPeakToEndMs, double rAmpV5Uv,
        double tAmpV5Uv, double stjV5Uv, double pAmpUv, double qRatio, double sRatio, double qrsSigmaDivisor,
        double tLeftRatio, Vec3 dirP, Vec3 dirQ, Vec3 dirR, Vec3 dirS, Vec3 dirT, double noiseSdUv,
        double rPrimeRatio, Vec3 dirRPrime, double uRatio, Artefacts artefacts, double taRatio, double taDurationMs,
        boolean tangentPlacement, double uSigmaMs, boolean nextP, TDispersion tDispersion,
        QrsBody qrsBody) {

    public BeatParameters {
        java.util.Objects.requireNonNull(tDispersion, "tDispersion");
        java.util.Objects.requireNonNull(qrsBody, "qrsBody");
    }

    /** @return these parameters with the atrial repolarisation wave set to {@code ratio} × P and {@code durationMs} */
    public BeatParameters withTa(double ratio, double durationMs) {
        return new BeatParameters(male, borderline, rrMs, qrsOnsetMs, prMs, pDurationMs, qrsMs, qtMs, qtcMs,
                tPeakToEndMs, rAmpV5Uv, tAmpV5Uv, stjV5Uv, pAmpUv, qRatio, sRatio, qrsSigmaDivisor, tLeftRatio, dirP,
                dirQ, dirR, dirS, dirT, noiseSdUv, rPrimeRatio, dirRPrime, uRatio, artefacts, ratio, durationMs,
                tangentPlacement, uSigmaMs, nextP, tDispersion, qrsBody);
    }

    /** @return these parameters with the next beat's P wave drawn or not */
    public BeatParameters withNextP(boolean next) {
        return new BeatParameters(male, borderline, rrMs, qrsOnsetMs, prMs, pDurationMs, qrsMs, qtMs, qtcMs,
                tPeakToEndMs, rAmpV5Uv, tAmpV5Uv, stjV5Uv, pAmpUv, qRatio, sRatio, qrsSigmaDivisor, tLeftRatio, dirP,
                dirQ, dirR, dirS, dirT, noiseSdUv, rPrimeRatio, dirRPrime, uRatio, artefacts, taRatio, taDurationMs,
                tangentPlacement, uSigmaMs, next, tDispersion, qrsBody);
    }

    /** @return these parameters with the T wave's late component set to {@code dispersion} */
    public BeatParameters withTDispersion(TDispersion dispersion) {
        return new BeatParameters(male, borderline, rrMs, qrsOnsetMs, prMs, pDurationMs, qrsMs, qtMs, qtcMs,
                tPeakToEndMs, rAmpV5Uv, tAmpV5Uv, stjV5Uv, pAmpUv, qRatio, sRatio, qrsSigmaDivisor, tLeftRatio, dirP,
                dirQ, dirR, dirS, dirT, noiseSdUv, rPrimeRatio, dirRPrime, uRatio, artefacts, taRatio, taDurationMs,
                tangentPlacement, uSigmaMs, nextP, dispersion, qrsBody);
    }

    /** @return the heart rate, bpm */
    public double heartRate() {
        return 60000 / rrMs;
    }
}
