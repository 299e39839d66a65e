package org.heatbench.datasets.signal;

import java.util.Arrays;
import org.heatbench.core.ConfigurationException;

/**
 * Multilead QRS detector after Pan and Tompkins (IEEE TBME 32(3):230–236, 1985), adapted to any rate and lead count.
 *
 * <ol>
 *   <li>Each independent lead is band-passed 5–15 Hz (Pan–Tompkins' pass band; zero-phase Butterworth, so no delay),
 *       differentiated (central difference) and squared; the squares are summed over the leads (the squared spatial
 *       velocity of the QRS band) and integrated over a centred 150-ms moving window.</li>
 *   <li>Peaks of the integrated signal are classified with Pan–Tompkins' adaptive thresholds: signal and noise
 *       levels SPK, NPK updated with weight 1/8, THR1 = NPK + (SPK − NPK)/4, THR2 = THR1/2; levels learned on the
 *       first 2 s (SPK = max/4, NPK = mean/2).</li>
 *   <li>A 200-ms refractory period (a larger peak within it replaces the earlier one); a peak within 360 ms of the
 *       previous QRS whose maximal slope is below half the previous QRS's is a T wave.</li>
 *   <li>Search-back: when no QRS was found for 1.66 × the mean of the last 8 RR intervals, the largest noise peak
 *       above THR2 in that gap is taken as a QRS (and SPK updated with weight 1/4).</li>
 *   <li>Each complex is located at the maximum of the summed squared band-passed signal within ±75 ms of the peak
 *       (for a dominant R wave, the R peak).</li>
 * </ol>
 * No parameter was fitted to the validation recordings; all are the paper's. Thread-safe.
 */
public final class QrsDetector {
    private static final double LEARN_S = 2.0;
    private static final double REFRACTORY_MS = 200;
    private static final double T_WAVE_MS = 360;
    private static final double WINDOW_MS = 150;
    private static final double LOCATE_MS = 75;
    private static final double SEARCH_BACK_RR = 1.66;

    /** @return a detector with the published parameters */
    public static QrsDetector standard() {
        return new QrsDetector();
    }

    /**
     * Detects QRS complexes in {@code rec} on its independent leads.
     *
     * @return the complexes; an empty detection when the recording is flat
     */
    public QrsDetection detect(Recording rec) {
        double fs = rec.rateHz();
        if (fs < 100) {
            throw new ConfigurationException("record " + rec.id() + ": QRS detection needs at least 100 Hz, got " + fs);
        }
        int n = rec.samples();
        int[] leads = rec.independentLeads();
        ZeroPhaseFilter hp = ZeroPhaseFilter.highPass(5, fs);
        ZeroPhaseFilter lp = ZeroPhaseFilter.lowPass(15, fs);
        double[] energy = new double[n];
        double[] slope = new double[n];
        double[] band = new double[n];
        float[] x = rec.signal();
        for (int k : leads) {
            hp.apply(x, k * n, n, band);
            lp.applyInPlace(band, n);
            for (int i = 0; i < n; i++) {
                slope[i] += band[i] * band[i];
            }
            for (int i = 1; i < n - 1; i++) {
                double d = (band[i + 1] - band[i - 1]) * 0.5;
                energy[i] += d * d;
            }
        }
        // slope[] holds the band energy (for locating R); energy[] the squared derivative
        double[] mwi = movingAverage(energy, Math.max(1, (int) Math.round(WINDOW_MS * fs / 1000)));
        int[] peaks = localMaxima(mwi);
        int refractory = (int) Math.round(REFRACTORY_MS * fs / 1000);
        int tWave = (int) Math.round(T_WAVE_MS * fs / 1000);
        int learn = (int) Math.min(n, Math.round(LEARN_S * fs));
        double max = 0;
        double sum = 0;
        for (int i = 0; i < learn; i++) {
            max = Math.max(max, mwi[i]);
            sum += mwi[i];
        }
        if (!(max > 0)) {
            return new QrsDetection(new int[0], 0, fs);
        }
        double spk = 0.25 * max;
        double npk = 0.5 * sum / learn;
        int[] qrs = new int[peaks.length];
        int count = 0;
        int searchBack = 0;
        double[] rr = new double[8];
        int rrCount = 0;
        boolean[] isQrs = new boolean[n];
        for (int p : peaks) {
            double thr1 = npk + 0.25 * (spk - npk);
            if (count > 0) {
                double rrMean = rrCount == 0 ? fs : mean(rr, Math.min(rrCount, 8));
                int last = qrs[count - 1];
                if (p - last > SEARCH_BACK_RR * rrMean) {
                    int best = bestNoisePeak(peaks, mwi, isQrs, last + refractory, p - refractory, 0.5 * thr1);
                    if (best >= 0) {
                        qrs[count++] = best;
                        isQrs[best] = true;
                        spk = 0.25 * mwi[best] + 0.75 * spk;
                        searchBack++;
                        rr[rrCount++ % 8] = best - last;
                        thr1 = npk + 0.25 * (spk - npk);
                    }
                }
            }
            double v = mwi[p];
            if (count > 0 && p - qrs[count - 1] < refractory) {
                int last = qrs[count - 1];
                if (v > mwi[last]) {
                    isQrs[last] = false;
                    qrs[count - 1] = p;
                    isQrs[p] = true;
                }
                continue;
            }
            if (v > thr1) {
                if (count > 0 && p - qrs[count - 1] < tWave
                        && maxAround(energy, p, refractory / 2) < 0.5 * maxAround(energy, qrs[count - 1], refractory / 2)) {
                    npk = 0.125 * v + 0.875 * npk;
                    continue;
                }
                if (count > 0) {
                    rr[rrCount++ % 8] = p - qrs[count - 1];
                }
                qrs[count++] = p;
                isQrs[p] = true;
                spk = 0.125 * v + 0.875 * spk;
            } else {
                npk = 0.125 * v + 0.875 * npk;
            }
        }
        // search back over the gap at the end of the record
        if (count > 0 && rrCount > 0) {
            double thr1 = npk + 0.25 * (spk - npk);
            int last = qrs[count - 1];
            if (n - 1 - last > SEARCH_BACK_RR * mean(rr, Math.min(rrCount, 8))) {
                int best = bestNoisePeak(peaks, mwi, isQrs, last + refractory, n - 1, 0.5 * thr1);
                if (best >= 0) {
                    qrs[count++] = best;
                    searchBack++;
                }
            }
        }
        int locate = (int) Math.round(LOCATE_MS * fs / 1000);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = argMax(slope, qrs[i] - locate, qrs[i] + locate);
        }
        Arrays.sort(out);
        return new QrsDetection(dedupe(out, refractory), searchBack, fs);
    }

    private static int[] dedupe(int[] sorted, int refractory) {
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (m == 0 || sorted[i] - sorted[m - 1] >= refractory) {
                sorted[m++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, m);
    }

    private static int bestNoisePeak(int[] peaks, double[] mwi, boolean[] isQrs, int from, int to, double threshold) {
        int best = -1;
        for (int q : peaks) {
            if (q < from || q > to || isQrs[q]) {
                continue;
            }
            if (mwi[q] > threshold && (best < 0 || mwi[q] > mwi[best])) {
                best = q;
            }
        }
        return best;
    }

    private static double mean(double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s / n;
    }

    private static double maxAround(double[] x, int c, int half) {
        double m = 0;
        for (int i = Math.max(0, c - half); i <= Math.min(x.length - 1, c + half); i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    static int argMax(double[] x, int from, int to) {
        int lo = Math.max(0, from);
        int hi = Math.min(x.length - 1, to);
        int best = lo;
        for (int i = lo; i <= hi; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] localMaxima(double[] x) {
        int[] out = new int[x.length / 2 + 1];
        int m = 0;
        for (int i = 1; i < x.length - 1; i++) {
            if (x[i] > x[i - 1] && x[i] >= x[i + 1]) {
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** Centred moving average of width {@code w} samples (edges average what is inside the record). */
    static double[] movingAverage(double[] x, int w) {
        int n = x.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + x[i];
        }
        double[] out = new double[n];
        int half = w / 2;
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n, i - half + w);
            out[i] = (prefix[b] - prefix[a]) / (b - a);
        }
        return out;
    }
}
