package org.heatbench.datasets.signal;

/**
 * Multilead delineation of one beat, after the wavelet delineator of Martínez, Almeida, Olmos, Rocha and Laguna
 * (IEEE TBME 51(4):570–581, 2004), with the leads combined into one multilead "velocity" as in multilead boundary
 * detection (Laguna, Jané and Caminal, Comput. Biomed. Res. 27:45–60, 1994).
 *
 * <p>Martínez's wavelet (the derivative of a cubic-spline smoothing function) at scale 2<sup>k</sup> is approximated
 * by the derivative of a Gaussian, in ms so that any rate works: σ = 2 ms with a central difference over ±2 ms for the
 * QRS (about his scale 2<sup>1</sup> at 250 Hz; the scale-2<sup>2</sup> equivalent, σ = 3.5 ms and ±4 ms, smears a
 * sharp QRS onset by its own half-width, ≈ 8 ms, docs/SIGNALS.md), σ = 16 ms with ±16 ms (scale 2<sup>4</sup>) for P
 * and T. The transforms of the independent leads are combined as the <b>sum of their absolute values</b> W(n) (the L1
 * spatial velocity), so a boundary is where the heart vector as a whole starts or stops moving — the global fiducials
 * 12SL reports — and a lead whose wave starts early contributes in proportion to its slope, not to its square.
 *
 * <ul>
 *   <li>QRS: the largest W<sub>QRS</sub> near the R hint; n<sub>first</sub> / n<sub>last</sub> = the outermost
 *       local maximum of W<sub>QRS</sub> before / after it above 6% / 9% of the largest (Martínez's
 *       γ<sub>QRSpre</sub>, γ<sub>QRSpost</sub>) within the area that ends at a 16-ms stretch below that level;
 *       onset / offset = where W<sub>QRS</sub>, walking outwards, falls below ξ<sub>QRSon</sub> / ξ<sub>QRSend</sub>
 *       of its value there or reaches a local minimum (Martínez's rule).</li>
 *   <li>T: in [QRS off + 40 ms, QRS on + min(650 ms, time to the next beat's P onset)], the T peak is the largest
 *       spatial deflection of the smoothed leads from their level at the QRS offset; offset = where W<sub>PT</sub>,
 *       after its first local maximum past the peak, falls below ξ<sub>Tend</sub> of it or reaches a local minimum.</li>
 *   <li>P: in [QRS on − 300 ms (or − 0.35·RR, which keeps the previous T wave out up to 150 bpm), QRS on − 20 ms],
 *       the P peak is the largest spatial deflection from the level at QRS on − 20 ms; onset = where W<sub>PT</sub>,
 *       walking back from the outermost local maximum before the peak that reaches half the largest there (a bifid
 *       or biphasic P has two), falls below ξ<sub>Pon</sub> of it or reaches a local minimum; offset likewise from
 *       the nearest local maximum after the peak with ξ<sub>Pend</sub>. A P wave smaller than 20 µV is reported
 *       absent (-1).</li>
 * </ul>
 * Default thresholds {@link Thresholds#DEFAULT}: Martínez's published ξ for QRS and P, ξ<sub>Tend</sub> chosen on
 * synthetic beats (docs/SIGNALS.md says why and shows the alternatives on the real files). Thread-safe, stateless.
 */
public final class Delineator {
    private static final double QRS_SIGMA_MS = 2;
    private static final double QRS_DIFF_MS = 2;
    private static final double PT_SIGMA_MS = 16;
    private static final double PT_DIFF_MS = 16;
    private static final double P_MIN_UV = 20;
    /** A second slope maximum of a P wave counts (bifid / biphasic P) when it reaches this fraction of the larger. */
    private static final double P_BIFID_SIGNIFICANCE = 0.5;

    /**
     * Boundary thresholds, each a fraction of the modulus maximum it is measured from (Martínez et al. 2004's
     * ξ values, except where docs/SIGNALS.md says otherwise).
     *
     * @param qrsOn  ξ<sub>QRSon</sub>
     * @param qrsEnd ξ<sub>QRSend</sub>
     * @param pOn    ξ<sub>Pon</sub>
     * @param pEnd   ξ<sub>Pend</sub>
     * @param tEnd   ξ<sub>Tend</sub>
     */
    public record Thresholds(double qrsOn, double qrsEnd, double pOn, double pEnd, double tEnd) {
        /** Martínez et al. 2004: 0.05, 0.125, 0.5, 0.9, 0.4. */
        public static final Thresholds MARTINEZ = new Thresholds(0.05, 0.125, 0.5, 0.9, 0.4);
        /**
         * The default, chosen on 300 synthetic medians (generator seed 7) as the set of a small grid with the smallest
         * median errors against the generator's exact fiducials (docs/SIGNALS.md): 0.3, 0.4, 0.3, 0.5, 0.2. Our
         * Gaussian-derivative transform and the spatial modulus differ from Martínez's single-lead spline wavelet,
         * so his values do not carry over unchanged (with them T offset is 18 ms early on that set).
         */
        public static final Thresholds SYNTHETIC = new Thresholds(0.3, 0.4, 0.3, 0.5, 0.2);
        /**
         * The default: Martínez et al. 2004's published ξ for the QRS and P boundaries (0.05, 0.125, 0.5, 0.9) and
         * ξ<sub>Tend</sub> = 0.2 from {@link #SYNTHETIC} (docs/SIGNALS.md, "Thresholds"). The synthetic optimum for
         * the QRS and P thresholds rests on the generator's boundary convention (a Gaussian's 3σ point), which real
         * complexes, ending in a slow terminal deflection, do not follow; Martínez's ξ<sub>Tend</sub> = 0.4 puts the T
         * offset 18 ms early on the synthetic beats, and ξ<sub>Tend</sub> = 0.2 was chosen there before any real
         * file was delineated.
         */
        public static final Thresholds DEFAULT = new Thresholds(0.05, 0.125, 0.5, 0.9, 0.2);
    }

    private final Thresholds xi;

    private Delineator(Thresholds xi) {
        this.xi = xi;
    }

    /** @return a delineator with the default thresholds */
    public static Delineator standard() {
        return new Delineator(Thresholds.DEFAULT);
    }

    /** @return a delineator with other thresholds */
    public static Delineator of(Thresholds thresholds) {
        return new Delineator(thresholds);
    }

    public Thresholds thresholds() {
        return xi;
    }

    /**
     * Delineates the beat in samples [from, to) of {@code rec}.
     *
     * @param rHint a sample inside the QRS (e.g. the detector's position), or -1 to take the first complex at least
     *              half as steep as the steepest
     * @param rrMs  the beat's RR interval (bounds the T and P search), NaN when unknown
     * @return boundaries as indices into {@code rec}; QRS boundaries are always found for a non-flat beat
     */
    public Delineation delineate(Recording rec, int from, int to, int rHint, double rrMs) {
        double fs = rec.rateHz();
        int n = to - from;
        int[] leads = rec.independentLeads();
        double ms = fs / 1000;
        double[] wq = new double[n];
        double[] wpt = new double[n];
        double[][] smooth = new double[leads.length][];
        double[] tmp = new double[n];
        float[] x = rec.signal();
        double[] kq = gaussian(QRS_SIGMA_MS * ms);
        double[] kpt = gaussian(PT_SIGMA_MS * ms);
        int hq = Math.max(1, (int) Math.round(QRS_DIFF_MS * ms));
        int hpt = Math.max(1, (int) Math.round(PT_DIFF_MS * ms));
        for (int j = 0; j < leads.length; j++) {
            int off = leads[j] * rec.samples() + from;
            convolve(x, off, n, kq, tmp);
            addAbsDerivative(tmp, hq, wq);
            double[] s = new double[n];
            convolve(x, off, n, kpt, s);
            addAbsDerivative(s, hpt, wpt);
            smooth[j] = s;
        }
        // QRS
        int peak;
        if (rHint >= from && rHint < to) {
            peak = QrsDetector.argMax(wq, rHint - from - (int) (80 * ms), rHint - from + (int) (80 * ms));
        } else {
            // a median window may also hold the next beat's QRS (RR < 760 ms): take the earliest complex whose
            // steepness is at least half the steepest's, and its maximum within ±80 ms
            int top = QrsDetector.argMax(wq, 0, n - 1);
            peak = top;
            for (int i = 1; i < top; i++) {
                if (wq[i] >= 0.5 * wq[top] && isLocalMax(wq, i)) {
                    peak = QrsDetector.argMax(wq, i - (int) (80 * ms), i + (int) (80 * ms));
                    break;
                }
            }
        }
        double wmax = wq[peak];
        if (!(wmax > 0)) {
            return Delineation.NONE;
        }
        int win = (int) Math.round(120 * ms);
        // significance γ = 6% / 9% of the largest (Martínez's γ_QRSpre / γ_QRSpost); the search area ends at the
        // first 16-ms stretch below it: a dip inside the QRS (the spatial velocity vanishes at the peak of a wave
        // with one direction) is shorter, the PR and ST segments are longer, so a P or T wave is never taken for
        // part of the QRS
        int gap = Math.max(2, (int) Math.round(16 * ms));
        int qrsOn = walk(wq, peak, -1, Math.max(1, peak - win), xi.qrsOn(), 0.06 * wmax, gap);
        int qrsOff = walk(wq, peak, 1, Math.min(n - 2, peak + win), xi.qrsEnd(), 0.09 * wmax, gap);
        double rr = Double.isNaN(rrMs) ? Double.POSITIVE_INFINITY : rrMs;
        // P
        int pOn = -1;
        int pOff = -1;
        int pTo = qrsOn - (int) Math.round(20 * ms);
        int pFrom = Math.max(0, qrsOn - (int) Math.round(Math.min(300, 0.35 * rr) * ms));
        if (pTo - pFrom > 20 * ms) {
            int pPeak = argMaxDeflection(smooth, pFrom, pTo, pTo);
            if (deflection(smooth, pPeak, pTo) >= P_MIN_UV) {
                // a bifid or biphasic P wave has two slope maxima before its largest deflection: the onset is taken
                // from the outermost significant one (Martínez's rule), within the P search window
                int up = outermostLocalMax(wpt, Math.max(Math.max(1, pFrom), pPeak - (int) Math.round(100 * ms)),
                        pPeak - 1, -1);
                if (up < 0) { // the peak sits at the window's start: the nearest slope maximum before it
                    up = lastLocalMax(wpt, Math.max(1, pPeak - (int) Math.round(100 * ms)), pPeak - 1);
                }
                int down = firstLocalMax(wpt, pPeak + 1, Math.min(qrsOn - 1, pPeak + (int) Math.round(100 * ms)));
                if (up >= 0 && wpt[up] > 0) {
                    pOn = crossBackward(wpt, up, xi.pOn() * wpt[up],
                            Math.max(1, Math.max(pFrom - (int) (40 * ms), up - (int) (100 * ms))));
                }
                if (down >= 0 && wpt[down] > 0) {
                    pOff = Math.min(qrsOn - 1, crossForward(wpt, down, xi.pEnd() * wpt[down], n - 1));
                }
            }
        }
        // T: ends by the next beat's P onset (P onset + RR, or QRS onset − 160 ms + RR without a P wave)
        int tFrom = qrsOff + (int) Math.round(40 * ms);
        double nextP = (pOn >= 0 ? (pOn - qrsOn) / ms : -160) + rr;
        int tTo = Math.min(n - 1, qrsOn + (int) Math.round(Math.min(650, nextP) * ms));
        int tPeak = -1;
        int tOff = -1;
        if (tTo - tFrom > 10 * ms) {
            tPeak = argMaxDeflection(smooth, tFrom, tTo, qrsOff);
            int down = firstLocalMax(wpt, tPeak + 1, Math.min(tTo, tPeak + (int) Math.round(200 * ms)));
            if (down >= 0 && wpt[down] > 0) {
                tOff = crossForward(wpt, down, xi.tEnd() * wpt[down], Math.min(tTo, down + (int) (250 * ms)));
            }
        }
        return new Delineation(abs(pOn, from), abs(pOff, from), qrsOn + from, qrsOff + from, abs(tPeak, from),
                abs(tOff, from));
    }

    /** Delineates a whole median beat (the steepest complex is the QRS). */
    public Delineation delineate(Recording beat, double rrMs) {
        return delineate(beat, 0, beat.samples(), -1, rrMs);
    }

    private static int abs(int p, int from) {
        return p < 0 ? -1 : p + from;
    }

    /**
     * One QRS boundary. The search area extends outwards from the steepest point until W stays below the
     * significance level (γ × the largest) for {@code gap} samples (the PR or ST segment); n_first (n_last) is the
     * outermost local maximum above that level inside it; the boundary is where W, walking outwards from there,
     * falls below ξ × W(n_first).
     */
    private static int walk(double[] w, int peak, int dir, int limit, double xi, double significant, int gap) {
        int i = peak;
        int below = 0;
        int outer = peak;
        while (i != limit && below < gap) {
            i += dir;
            if (w[i] < significant) {
                below++;
            } else {
                below = 0;
                if (isLocalMax(w, i)) {
                    outer = i;
                }
            }
        }
        int areaEnd = i;
        int b = outer;
        double threshold = xi * w[outer];
        // Martínez's rule: the boundary is where W falls below ξ·W(n) or, earlier, reaches a local minimum (a slow
        // PR / ST segment never falls below a small ξ, and walking on would cross its noise)
        while (b != areaEnd && w[b] >= threshold && !(b != outer && w[b + dir] > w[b])) {
            b += dir;
        }
        return b;
    }

    /**
     * The outermost (first for {@code dir} &lt; 0, last for &gt; 0) local maximum of w in [from, to] that reaches
     * {@value #P_BIFID_SIGNIFICANCE} of the largest local maximum there, or the maximum of the range when it has none;
     * -1 if empty.
     */
    private static int outermostLocalMax(double[] w, int from, int to, int dir) {
        int lo = Math.max(1, from);
        int hi = Math.min(w.length - 2, to);
        double top = 0;
        for (int i = lo; i <= hi; i++) {
            if (isLocalMax(w, i)) {
                top = Math.max(top, w[i]);
            }
        }
        if (top == 0) {
            return lo <= hi ? QrsDetector.argMax(w, lo, hi) : -1;
        }
        int i = dir < 0 ? lo : hi;
        while (!(isLocalMax(w, i) && w[i] >= P_BIFID_SIGNIFICANCE * top)) {
            i -= dir;
        }
        return i;
    }

    /** The first local maximum of w in [from, to], or the maximum of the range when it has none; -1 if empty. */
    private static int firstLocalMax(double[] w, int from, int to) {
        int lo = Math.max(1, from);
        int hi = Math.min(w.length - 2, to);
        for (int i = lo; i <= hi; i++) {
            if (isLocalMax(w, i)) {
                return i;
            }
        }
        return lo <= hi ? QrsDetector.argMax(w, lo, hi) : -1;
    }

    /** The last local maximum of w in [from, to], or the maximum of the range when it has none; -1 if empty. */
    private static int lastLocalMax(double[] w, int from, int to) {
        int lo = Math.max(1, from);
        int hi = Math.min(w.length - 2, to);
        for (int i = hi; i >= lo; i--) {
            if (isLocalMax(w, i)) {
                return i;
            }
        }
        return lo <= hi ? QrsDetector.argMax(w, lo, hi) : -1;
    }

    private static boolean isLocalMax(double[] w, int i) {
        return w[i] > w[i - 1] && w[i] >= w[i + 1];
    }

    /**
     * Walks back from {@code start} until w falls below the threshold or reaches a local minimum (Martínez's rule for
     * P and T: the PR / TP segment between two waves is a minimum of the transform).
     */
    private static int crossBackward(double[] w, int start, double threshold, int limit) {
        int i = start;
        while (i > limit && w[i] >= threshold && !(i < start && w[i - 1] > w[i])) {
            i--;
        }
        return i;
    }

    /** Walks forward from {@code start} until w falls below the threshold or reaches a local minimum. */
    private static int crossForward(double[] w, int start, double threshold, int limit) {
        int i = start;
        while (i < limit && w[i] >= threshold && !(i > start && w[i + 1] > w[i])) {
            i++;
        }
        return i;
    }

    private static double deflection(double[][] s, int i, int ref) {
        double sum = 0;
        for (double[] lead : s) {
            double d = lead[i] - lead[ref];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static int argMaxDeflection(double[][] s, int from, int to, int ref) {
        int best = from;
        double bestV = -1;
        for (int i = Math.max(0, from); i <= to; i++) {
            double v = deflection(s, i, ref);
            if (v > bestV) {
                bestV = v;
                best = i;
            }
        }
        return best;
    }

    /** Adds |central difference over ±h| of {@code s} to {@code acc} (one lead's term of the L1 combination). */
    private static void addAbsDerivative(double[] s, int h, double[] acc) {
        int n = s.length;
        for (int i = 0; i < n; i++) {
            acc[i] += Math.abs(s[Math.min(n - 1, i + h)] - s[Math.max(0, i - h)]) / (2.0 * h);
        }
    }

    /** A normalised Gaussian kernel of standard deviation {@code sigma} samples, truncated at 3σ. */
    static double[] gaussian(double sigma) {
        int half = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * half + 1];
        double sum = 0;
        for (int i = -half; i <= half; i++) {
            double v = sigma < 0.3 ? (i == 0 ? 1 : 0) : Math.exp(-0.5 * i * i / (sigma * sigma));
            k[i + half] = v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Convolves x[off, off+n) with a symmetric kernel, repeating the edge samples. */
    static void convolve(float[] x, int off, int n, double[] k, double[] out) {
        int half = k.length / 2;
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = -half; j <= half; j++) {
                int t = i + j;
                t = t < 0 ? 0 : (t >= n ? n - 1 : t);
                acc += k[j + half] * x[off + t];
            }
            out[i] = acc;
        }
    }
}
