package org.heatbench.datasets.synth;

import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;

/**
 * Measures targets and fiducials on a noise-free {@link RenderedBeat}, the way 12SL-like programs define them
 * ({@code ../shared/docs/ecg-synthesis.md}), never reading them off the parameters:
 * <ul>
 *   <li>onset / offset of a wave group (P, QRS, T): the first / last time the group's own contribution to the
 *       spatial magnitude √(X² + Y² + Z²) exceeds {@code f} × its peak over the window; the crossing is located
 *       between samples by interpolating the logarithm of the magnitude linearly (exact for a Gaussian tail up to
 *       its curvature, &lt; 0.05 ms at 500 Hz); a group already above the threshold at the window's edge has no
 *       measurable onset (NaN);</li>
 *   <li>T offset under {@link TEndDefinition#TANGENT} (model v2's default): the tangent method — on the T group's
 *       terminal limb (from its last local maximum down to the threshold offset above) the point of steepest
 *       descent t<sub>k</sub>, i.e. the first minimum of the slope met walking back from the limb's end (so that a
 *       shoulder, where an ST plateau falls into a low T wave, does not lend its steeper fall to the T wave;
 *       five-point central differences, refined by a parabola through the three slopes around that sample), and the T offset where the tangent there meets the baseline 0:
 *       t<sub>k</sub> − m(t<sub>k</sub>) / m′(t<sub>k</sub>). The T group (T wave and ST plateau) has one spatial
 *       direction, so every lead is a multiple of one signed curve and the tangent end is the same in every lead with
 *       a non-zero projection and in the spatial magnitude; for a Gaussian of right width σ it is the peak + 2σ
 *       (the threshold offset's 3σ less σ);</li>
 *   <li>PR = QRS on − P on, QRS = QRS off − QRS on, QT = T off − QRS on (ms, not rounded); HR = 60000 / RR of the
 *       rendered beat train;</li>
 *   <li>fiducials: those times rounded to the nearest sample; R peak = sample of the maximum of V5 within
 *       [QRS on, QRS off];</li>
 *   <li>V5 amplitudes relative to V5 at the QRS-on sample: R = V5 at the R peak; T = the largest signed deflection
 *       over [QRS off, T off]; ST-J = V5 at the QRS-off sample.</li>
 * </ul>
 * Stateless, thread-safe.
 */
public final class BeatMeasurer {
    private static final int V5 = DowerProjection.LEADS.indexOf(Lead.V5);

    private final double onsetFraction;
    private final TEndDefinition tEnd;

    /**
     * The threshold definition for every edge (model v1's ground truth).
     *
     * @param onsetFraction the threshold fraction f (e<sup>−4.5</sup> ≈ 0.0111 puts a Gaussian's edge at 3σ)
     */
    public BeatMeasurer(double onsetFraction) {
        this(onsetFraction, TEndDefinition.THRESHOLD);
    }

    /**
     * @param onsetFraction the threshold fraction f of the P, QRS and T onsets/offsets (and the end of the T group's
     *                      terminal limb that the tangent method searches)
     * @param tEnd          how the T offset is defined
     */
    public BeatMeasurer(double onsetFraction, TEndDefinition tEnd) {
        this.onsetFraction = onsetFraction;
        this.tEnd = tEnd;
    }

    public BeatMeasurement measure(RenderedBeat beat, double rrMs) {
        double dt = 1000 / beat.rateHz();
        double[] p = edges(beat.groupMagnitude(WaveGroup.P), dt);
        double[] qrs = edges(beat.groupMagnitude(WaveGroup.QRS), dt);
        double[] tMagnitude = beat.groupMagnitude(WaveGroup.T);
        double[] t = edges(tMagnitude, dt);
        if (tEnd == TEndDefinition.TANGENT && !Double.isNaN(t[1])) {
            t[1] = tangentEnd(tMagnitude, dt, (int) Math.floor(t[1] / dt));
        }
        int n = beat.samples();
        int pOn = sample(p[0], dt, n);
        int pOff = sample(p[1], dt, n);
        int qrsOn = sample(qrs[0], dt, n);
        int qrsOff = sample(qrs[1], dt, n);
        int tOff = sample(t[1], dt, n);
        int rPeak = -1;
        double rAmp = Double.NaN;
        double tAmp = Double.NaN;
        double stj = Double.NaN;
        if (qrsOn >= 0 && qrsOff >= qrsOn) {
            double base = beat.lead(V5, qrsOn);
            rPeak = qrsOn;
            for (int i = qrsOn; i <= qrsOff; i++) {
                if (beat.lead(V5, i) > beat.lead(V5, rPeak)) {
                    rPeak = i;
                }
            }
            rAmp = beat.lead(V5, rPeak) - base;
            stj = beat.lead(V5, qrsOff) - base;
            if (tOff >= qrsOff) {
                double best = 0;
                for (int i = qrsOff; i <= tOff; i++) {
                    double v = beat.lead(V5, i) - base;
                    if (Math.abs(v) > Math.abs(best)) {
                        best = v;
                    }
                }
                tAmp = best;
            }
        }
        Targets targets = new Targets(60000 / rrMs, qrs[0] - p[0], qrs[1] - qrs[0], t[1] - qrs[0], tAmp, rAmp, stj);
        return new BeatMeasurement(targets, new Fiducials(pOn, pOff, qrsOn, qrsOff, tOff, rPeak), p[0], p[1], qrs[0],
                qrs[1], t[1]);
    }

    private static int sample(double ms, double dt, int n) {
        if (Double.isNaN(ms)) {
            return -1;
        }
        long s = Math.round(ms / dt);
        return s >= 0 && s < n ? (int) s : -1;
    }

    /** @return {onset, offset} in ms, NaN where the group touches the window edge or is absent */
    private double[] edges(double[] m, double dt) {
        double peak = 0;
        for (double v : m) {
            peak = Math.max(peak, v);
        }
        if (peak <= 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double threshold = onsetFraction * peak;
        int first = -1;
        int last = -1;
        for (int i = 0; i < m.length; i++) {
            if (m[i] > threshold) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        double on = first <= 0 ? Double.NaN : crossing(m, first - 1, first, threshold, dt);
        double off = last >= m.length - 1 ? Double.NaN : crossing(m, last, last + 1, threshold, dt);
        return new double[] {on, off};
    }

    /**
     * The tangent-method end of a wave's terminal limb (see the class comment).
     *
     * @param m    a noise-free, non-negative wave magnitude per sample (baseline 0)
     * @param dt   sample interval, ms
     * @param last the last sample of the limb (the sample before its threshold crossing), last &lt; m.length − 1
     * @return the time (ms from sample 0) where the tangent at the limb's steepest point meets 0; NaN when the limb
     *         does not descend
     */
    static double tangentEnd(double[] m, double dt, int last) {
        int top = last;
        while (top > 0 && m[top - 1] >= m[top]) {
            top--;
        }
        // the terminal limb's steepest point: walking back from its end, the first minimum of the slope. Where an ST
        // plateau falls into a low T wave the limb can show a shoulder (no local maximum) with the plateau's steeper
        // fall before it; the tangent belongs to the T wave's own down-slope, after the shoulder
        int lo = Math.max(top, 3);
        int steepest = Math.min(last, m.length - 4);
        if (steepest < lo) {
            return Double.NaN;
        }
        while (steepest - 1 >= lo && slope(m, steepest - 1, dt) <= slope(m, steepest, dt)) {
            steepest--;
        }
        double steepestSlope = slope(m, steepest, dt);
        if (!(steepestSlope < 0)) {
            return Double.NaN;
        }
        double offset = 0;
        double mk = m[steepest];
        double sk = steepestSlope;
        // vertex of the parabola through the slopes at steepest − 1, steepest, steepest + 1 (the inflection)
        double a = slope(m, steepest - 1, dt);
        double c = slope(m, steepest + 1, dt);
        double curvature = a - 2 * sk + c;
        if (curvature > 0) {
            offset = Math.max(-0.5, Math.min(0.5, (a - c) / (2 * curvature)));
            sk = sk + (c - a) / 2 * offset + curvature / 2 * offset * offset;
            double mPrev = m[steepest - 1];
            double mNext = m[steepest + 1];
            mk = mk + offset * (mNext - mPrev) / 2 + offset * offset * (mNext - 2 * mk + mPrev) / 2;
        }
        return (steepest + offset) * dt - mk / sk;
    }

    /** Five-point central difference (error O(dt⁴): &lt; 0.01 ms on the tangent end of a Gaussian with σ ≥ 12 ms). */
    private static double slope(double[] m, int i, double dt) {
        return (m[i - 2] - 8 * m[i - 1] + 8 * m[i + 1] - m[i + 2]) / (12 * dt);
    }

    /** The time between samples a and b (one apart) where m crosses the threshold, log-linear interpolation. */
    private static double crossing(double[] m, int a, int b, double threshold, double dt) {
        double la = Math.log(Math.max(m[a], Double.MIN_NORMAL));
        double lb = Math.log(Math.max(m[b], Double.MIN_NORMAL));
        double lt = Math.log(threshold);
        double frac = la == lb ? 0.5 : (lt - la) / (lb - la);
        return (a + frac * (b - a)) * dt;
    }
}
