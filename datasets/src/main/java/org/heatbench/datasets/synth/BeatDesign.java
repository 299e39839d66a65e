package org.heatbench.datasets.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.heatbench.datasets.Lead;

/**
 * The placed waves of one synthetic beat train: the centred beat (beat 0) and copies of it every RR ms before and
 * after, as far as they reach into the window. Immutable.
 *
 * <p>Placement (all times in ms from the window start, QRS onset at {@code t0}) makes each wave group's measured
 * onset and offset — where the group's own spatial magnitude crosses {@code f} times its peak, see
 * {@link BeatMeasurer} — land on the intended intervals:
 * <ul>
 *   <li>P: one Gaussian, σ = Pdur / (2k) with k = √(2 ln(1/f)) (= 3 for f = e<sup>−4.5</sup>), centred at
 *       t0 − PR + kσ, so P on = t0 − PR and P off = t0 − PR + Pdur;</li>
 *   <li>QRS: Gaussians Q, R, S with σ = QRS / d (R: QRS / (d + 1)); Q centred kQ·σ after t0 and S kS·σ before
 *       t0 + QRS, where kQ = √(2 ln(|Q| / (f·peak))) is where the Q tail alone crosses the threshold (the R tail
 *       there is below 10<sup>−5</sup> of it), likewise kS; R midway; the peak of |Q + R + S| is found numerically
 *       and the placement iterated. Model v4's wide family ({@link QrsBody}) broadens R and R′ and moves R towards
 *       the onset, so the complex has the full, notched body of slow conduction; its edges are then partly R's, and
 *       the measured QRS (as every label, measured on the rendering) runs a little longer than the drawn one;</li>
 *   <li>T: a Gaussian peaking at t0 + QT − (Tpeak→Tend) with right width (Tpeak→Tend) / kT (kT from the T group's
 *       numerical peak, 3 when the T wave dominates) and left width 1.5–2× that; plus an ST plateau (logistic rise
 *       8 ms before J, falling into the T wave) whose amplitude is solved so that V5 at J, relative to V5 at QRS
 *       onset, equals the intended ST-J. With {@link BeatParameters#tangentPlacement()} (model v3) the right width
 *       is (Tpeak→Tend) / 2 instead, so that the tangent-method end of a T-dominated group (peak + 2σ) lands on
 *       t0 + QT;</li>
 *   <li>Ta (model v3): the atrial repolarisation wave, a plateau of P's direction reversed (|Ta| = ratio × P's
 *       amplitude) rising with the P wave (logistic centred at P's peak, τ = σ<sub>P</sub> / 2) and falling back
 *       (centred {@link BeatParameters#taDurationMs()} after P onset, τ 15 ms), i.e. through the PR segment, the QRS
 *       and into the ST segment; it is its own group ({@link WaveGroup#TA}), so no measured edge moves, and every V5
 *       amplitude, being relative to V5 at QRS onset, keeps its meaning;</li>
 *   <li>late T (model v4, {@link BeatParameters#tDispersion()}): a second Gaussian of T's direction, σ = width
 *       factor × the main T's right σ on both sides, peaking the dispersion's delay after the main T peak; both T
 *       components are scaled so that their sum peaks at the drawn T amplitude. The main T keeps v3's placement, so
 *       the T peak stays and the T end — the tangent at the steepest point of the group's terminal limb, now mostly
 *       the late component's — moves later: the labels are measured on the rendering as for every beat;</li>
 *   <li>next P ({@link BeatParameters#nextP()}, model v3): without the neighbouring beats, the next beat's P and Ta
 *       waves (beat +1, RR ms later) where they reach into the window.</li>
 * </ul>
 *
 * @param rrMs        beat-to-beat interval
 * @param windowMs    window length (samples / rate)
 * @param onsetFraction the threshold fraction f
 * @param waves       every wave reaching into the window, beat 0 first
 */
public record BeatDesign(double rrMs, double windowMs, double onsetFraction, List<Wave> waves) {

    private static final Vec3 V5 = DowerProjection.weights(Lead.V5);

    public BeatDesign {
        waves = List.copyOf(waves);
    }

    /** @return the waves of beat 0 only */
    public List<Wave> centredBeat() {
        return waves.stream().filter(w -> w.beat() == 0).toList();
    }

    /** Places the waves for {@code p} with the neighbouring beats drawn (model v1's window content). */
    public static BeatDesign place(BeatParameters p, double windowMs, double onsetFraction) {
        return place(p, windowMs, onsetFraction, true);
    }

    /**
     * Places the waves for {@code p}.
     *
     * @param windowMs      the window length, ms
     * @param onsetFraction the onset/offset threshold fraction f, in (0, 0.05]
     * @param neighbours    whether the previous and next beats (every RR ms) are drawn where they reach into the
     *                      window; false gives what median makers such as 12SL output: one beat, isoelectric before
     *                      P and after T (or U)
     */
    public static BeatDesign place(BeatParameters p, double windowMs, double onsetFraction, boolean neighbours) {
        double lnInvF = -Math.log(onsetFraction);
        double t0 = p.qrsOnsetMs();

        double kP = Math.sqrt(2 * lnInvF);
        double sigmaP = p.pDurationMs() / (2 * kP);
        Wave pWave = new Wave.Gaussian(WaveGroup.P, 0, t0 - p.prMs() + kP * sigmaP, sigmaP, sigmaP,
                p.dirP().times(p.pAmpUv()));
        Wave ta = p.taRatio() > 0 ? new Wave.Plateau(WaveGroup.TA, 0, t0 - p.prMs() + kP * sigmaP, sigmaP / 2,
                t0 - p.prMs() + p.taDurationMs(), 15, p.dirP().times(-p.taRatio() * p.pAmpUv())) : null;

        double d = p.qrsMs();
        double sigmaQs = d / p.qrsSigmaDivisor();
        double sigmaR = d / (p.qrsSigmaDivisor() + 1) * p.qrsBody().rWidthFactor();
        double aR = p.rAmpV5Uv() / p.dirR().dot(V5);
        Vec3 ampQ = p.dirQ().times(p.qRatio() * aR);
        Vec3 ampR = p.dirR().times(aR);
        Vec3 ampS = p.dirS().times(p.sRatio() * aR);
        double peak = aR;
        Wave q = null;
        Wave r = null;
        Wave s = null;
        Wave rPrime = null;
        for (int iteration = 0; iteration < 3; iteration++) {
            double kQ = Math.sqrt(2 * (lnInvF + Math.log(ampQ.norm() / peak)));
            double kS = Math.sqrt(2 * (lnInvF + Math.log(ampS.norm() / peak)));
            double muQ = t0 + kQ * sigmaQs;
            double muS = t0 + d - kS * sigmaQs;
            q = new Wave.Gaussian(WaveGroup.QRS, 0, muQ, sigmaQs, sigmaQs, ampQ);
            double muR = muQ + p.qrsBody().rPosition() * (muS - muQ);
            r = new Wave.Gaussian(WaveGroup.QRS, 0, muR, sigmaR, sigmaR, ampR);
            s = new Wave.Gaussian(WaveGroup.QRS, 0, muS, sigmaQs, sigmaQs, ampS);
            List<Wave> qrs = new ArrayList<>(List.of(q, r, s));
            if (p.rPrimeRatio() > 0) {
                // a late wave between R and S with R's width: RSR' / notched (bundle-branch-like) complexes; it sits
                // well inside [muQ, muS], so the edges stay those of the Q and S tails
                double muRp = (muQ + muS) / 2 + 0.55 * (muS - muQ) / 2;
                rPrime = new Wave.Gaussian(WaveGroup.QRS, 0, muRp, sigmaR, sigmaR,
                        p.dirRPrime().times(p.rPrimeRatio() * aR));
                qrs.add(rPrime);
            }
            peak = peakMagnitude(qrs, muQ, muS, 0.1);
        }

        double j = t0 + d;
        double tPeak = t0 + p.qtMs() - p.tPeakToEndMs();
        double aT = Math.max(p.tAmpV5Uv() / p.dirT().dot(V5), 20);
        Vec3 ampT = p.dirT().times(aT);
        double riseCentre = j - 8;
        double riseTau = 2.5;
        double fallCentre = j + 0.45 * (tPeak - j);
        double fallTau = 0.12 * (tPeak - j);
        double peakT = aT;
        List<Wave> beat = null;
        Wave u = null;
        if (p.uRatio() > 0) {
            // U wave: a low, broad wave of T's direction peaking ≈ 100 ms after T's end (σ 30 ms; v3: 30–60 ms)
            u = new Wave.Gaussian(WaveGroup.U, 0, tPeak + p.tPeakToEndMs() + 100, p.uSigmaMs(), p.uSigmaMs(),
                    ampT.times(p.uRatio()));
        }
        Wave tLate = null;
        TDispersion dispersion = p.tDispersion();
        if (dispersion.present()) {
            if (!p.tangentPlacement()) {
                throw new IllegalArgumentException("a dispersed T wave needs the tangent placement (model v4)");
            }
            // the two components share T's direction, so the T group stays one signed curve in every lead; both are
            // scaled so that their sum peaks at the drawn amplitude, as the single T wave of v3 does
            double sigmaLate = dispersion.widthFactor() * p.tPeakToEndMs() / 2;
            double scale = 1 / peakOfSum(p.tLeftRatio() * p.tPeakToEndMs() / 2, p.tPeakToEndMs() / 2, dispersion);
            ampT = ampT.times(scale); // aT and peakT only size the threshold placement, which this excludes
            tLate = new Wave.Gaussian(WaveGroup.T, 0, tPeak + dispersion.delayMs(), sigmaLate, sigmaLate,
                    ampT.times(dispersion.ratio()));
        }
        // the waves a beat may lack (R', U, Ta, late T), in a fixed order: the rendered sums keep v2's and v3's bytes
        List<Wave> optional = Stream.of(rPrime, u, ta, tLate).filter(Objects::nonNull).toList();
        for (int iteration = 0; iteration < 3; iteration++) {
            double kT = Math.sqrt(2 * (lnInvF + Math.log(aT / peakT)));
            double sigmaRight = p.tangentPlacement() ? p.tPeakToEndMs() / 2 : p.tPeakToEndMs() / kT;
            Wave t = new Wave.Gaussian(WaveGroup.T, 0, tPeak, p.tLeftRatio() * sigmaRight, sigmaRight, ampT);
            Wave unitPlateau = new Wave.Plateau(WaveGroup.T, 0, riseCentre, riseTau, fallCentre, fallTau, p.dirT());
            List<Wave> own = new ArrayList<>(List.of(pWave, q, r, s, t));
            own.addAll(optional);
            List<Wave> others = neighbours ? train(own, p.rrMs(), windowMs) : own;
            double othersJ = v5(others, j) - v5(others, t0);
            double unitJ = v5(List.of(unitPlateau), j) - v5(List.of(unitPlateau), t0);
            double scale = (p.stjV5Uv() - othersJ) / unitJ;
            Wave plateau = new Wave.Plateau(WaveGroup.T, 0, riseCentre, riseTau, fallCentre, fallTau,
                    p.dirT().times(scale));
            List<Wave> all = new ArrayList<>(List.of(pWave, q, r, s, t, plateau));
            all.addAll(optional);
            beat = all;
            peakT = peakMagnitude(List.of(t, plateau), j - 20, tPeak + p.tPeakToEndMs(), 0.5);
        }
        List<Wave> placed = neighbours ? train(beat, p.rrMs(), windowMs) : new ArrayList<>(beat);
        if (!neighbours && p.nextP()) {
            // the next beat's atrial waves where they reach into the window (beat +1; no measured group is beat 0's)
            for (Wave w : ta == null ? List.of(pWave) : List.of(pWave, ta)) {
                Wave next = w.shifted(p.rrMs(), 1);
                if (next.supportStart() < windowMs) {
                    placed.add(next);
                }
            }
        }
        return new BeatDesign(p.rrMs(), windowMs, onsetFraction, placed);
    }

    /**
     * The peak of main(t) + ratio × late(t) for unit Gaussians (main: σ {@code left} before, {@code right} after its
     * centre at 0; late: σ = widthFactor × right at the delay), on a 0.05-ms grid from the main peak to the late one.
     */
    static double peakOfSum(double left, double right, TDispersion d) {
        double sigmaLate = d.widthFactor() * right;
        double best = 0;
        for (double t = 0; t <= d.delayMs(); t += 0.05) {
            double late = (t - d.delayMs()) / sigmaLate;
            best = Math.max(best, Math.exp(-t * t / (2 * right * right)) + d.ratio() * Math.exp(-late * late / 2));
        }
        return best;
    }

    /** Repeats beat 0 every rr ms in both directions while any wave reaches into [0, windowMs]. */
    private static List<Wave> train(List<Wave> beat, double rr, double windowMs) {
        List<Wave> all = new ArrayList<>(beat);
        for (int k = 1; k < 16; k++) {
            boolean any = false;
            for (int sign : new int[] {-1, 1}) {
                for (Wave w : beat) {
                    Wave moved = w.shifted(sign * k * rr, sign * k);
                    if (moved.supportEnd() > 0 && moved.supportStart() < windowMs) {
                        all.add(moved);
                        any = true;
                    }
                }
            }
            if (!any) {
                break;
            }
        }
        return all;
    }

    private static double v5(List<Wave> waves, double t) {
        double v = 0;
        for (Wave w : waves) {
            v += w.amplitude().dot(V5) * w.shape(t);
        }
        return v;
    }

    /** The largest spatial magnitude of the summed waves on a grid of {@code step} ms over [from, to]. */
    static double peakMagnitude(List<Wave> waves, double from, double to, double step) {
        double best = 0;
        for (double t = from; t <= to; t += step) {
            double x = 0;
            double y = 0;
            double z = 0;
            for (Wave w : waves) {
                double g = w.shape(t);
                x += w.amplitude().x() * g;
                y += w.amplitude().y() * g;
                z += w.amplitude().z() * g;
            }
            best = Math.max(best, x * x + y * y + z * z);
        }
        return Math.sqrt(best);
    }
}
