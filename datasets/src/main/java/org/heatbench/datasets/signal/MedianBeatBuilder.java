package org.heatbench.datasets.signal;

import java.util.Arrays;
import java.util.List;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;

/**
 * Builds a median beat from a rhythm, the way GE MUSE/12SL medians look (measured on the two shared MUSE exports:
 * the QRS onset sits at sample 216 of 600 at 500 Hz, and every lead is 0 µV at that sample).
 *
 * <ol>
 *   <li>Baseline wander is removed with a zero-phase 0.5-Hz high-pass (no phase distortion of ST-T).</li>
 *   <li>QRS complexes are detected ({@link QrsDetector}).</li>
 *   <li>Beat selection: an initial template is the per-sample median of all beats over the QRS region (±100 ms);
 *       each beat is aligned to it by the shift within ±10 ms that maximises its Pearson correlation with the template
 *       over all independent leads; beats whose best correlation is below 0.90 (ectopic or noisy) and beats whose
 *       preceding RR is more than 20% shorter than the median RR (premature) are left out and counted.</li>
 *   <li>The median is the per-sample median over the kept, aligned beats, computed for the independent leads (a
 *       sample where a beat runs off the record takes the median of the beats that cover it); III, aVR, aVL and aVF
 *       are then derived from the median I and II, as MUSE stores them.</li>
 *   <li>The median is delineated ({@link Delineator}); the window is cut so that the QRS onset lands at the
 *       configured sample and each lead is referenced to 0 µV there.</li>
 * </ol>
 * Thread-safe, stateless apart from its settings.
 */
public final class MedianBeatBuilder {
    private static final double QRS_HALF_MS = 100;
    private static final double CLIP_FRACTION = 0.05;

    private final MedianConfig config;
    private final QrsDetector detector;
    private final Delineator delineator;

    public MedianBeatBuilder(MedianConfig config, QrsDetector detector, Delineator delineator) {
        this.config = config;
        this.detector = detector;
        this.delineator = delineator;
    }

    /** @return a builder with MUSE's layout and the published detector and delineator */
    public static MedianBeatBuilder muse() {
        return new MedianBeatBuilder(MedianConfig.muse(), QrsDetector.standard(), Delineator.standard());
    }

    public MedianConfig config() {
        return config;
    }

    /**
     * @return the median beat of {@code rhythm} at the rhythm's rate
     * @throws InvalidInputException naming the record when the rhythm is flat or clipped, no QRS complex is found, or
     *                               fewer than {@code minBeats} beats are usable
     */
    public MedianBeat build(Recording rhythm) {
        double fs = rhythm.rateHz();
        int n = rhythm.samples();
        int[] ind = rhythm.independentLeads();
        float[] x = rhythm.signal();
        checkClipping(rhythm, ind);
        QrsDetection det = detector.detect(rhythm);
        if (det.count() == 0) {
            throw new InvalidInputException("record " + rhythm.id() + ": no QRS complex found (flat or no ECG signal "
                    + "in " + String.format("%.1f", rhythm.seconds()) + " s)");
        }
        double ms = fs / 1000;
        float[] hp = new float[x.length];
        double[] buf = new double[n];
        ZeroPhaseFilter filter = config.highPassHz() > 0 ? ZeroPhaseFilter.highPass(config.highPassHz(), fs) : null;
        for (int k : ind) {
            if (filter != null) {
                filter.apply(x, k * n, n, buf);
                for (int i = 0; i < n; i++) {
                    hp[k * n + i] = (float) buf[i];
                }
            } else {
                System.arraycopy(x, k * n, hp, k * n, n);
            }
        }
        int[] r = det.positions();
        int beats = r.length;
        int pre = (int) Math.round((config.onsetMs() + 250) * ms);
        int post = (int) Math.round((config.windowMs() - config.onsetMs() + 100) * ms);
        int m = pre + post;
        int half = (int) Math.round(QRS_HALF_MS * ms);
        int maxLag = (int) Math.round(config.maxLagMs() * ms);
        // initial template over the QRS region, from all beats
        int q = 2 * half + 1;
        float[] template = medianSegments(hp, n, ind, r, new int[beats], allTrue(beats), -half, q);
        int[] lag = new int[beats];
        boolean[] use = new boolean[beats];
        int lowCorrelation = 0;
        int premature = 0;
        double[] rr = det.rrMs();
        double medianRr = rr.length == 0 ? Double.NaN : median(rr.clone(), rr.length);
        for (int b = 0; b < beats; b++) {
            double best = -2;
            for (int l = -maxLag; l <= maxLag; l++) {
                double c = correlation(hp, n, ind, r[b] + l - half, template, q);
                if (c > best) {
                    best = c;
                    lag[b] = l;
                }
            }
            if (b > 0 && rr[b - 1] < (1 - config.prematureFraction()) * medianRr) {
                premature++;
            } else if (best < config.minCorrelation()) {
                lowCorrelation++;
            } else {
                use[b] = true;
            }
        }
        int used = 0;
        for (boolean u : use) {
            used += u ? 1 : 0;
        }
        if (used < config.minBeats()) {
            throw new InvalidInputException("record " + rhythm.id() + ": only " + used + " usable beat(s) of " + beats
                    + " found (" + lowCorrelation + " low correlation, " + premature + " premature); at least "
                    + config.minBeats() + " needed for a median");
        }
        float[] longMedian = medianSegments(hp, n, ind, r, lag, use, -pre, m);
        deriveLimbLeads(rhythm.leads(), longMedian, m);
        Recording longBeat = new Recording(rhythm.id(), rhythm.leads(), m, fs, longMedian);
        double meanRr = det.meanRrMs();
        Delineation d = delineator.delineate(longBeat, 0, m, pre, meanRr);
        if (d.qrsOn() < 0) {
            throw new InvalidInputException("record " + rhythm.id() + ": the median beat has no measurable QRS");
        }
        int w = (int) Math.round(config.windowMs() * ms);
        int start = d.qrsOn() - (int) Math.round(config.onsetMs() * ms);
        int leads = rhythm.leadCount();
        float[] out = new float[leads * w];
        for (int k = 0; k < leads; k++) {
            float base = longMedian[k * m + d.qrsOn()];
            for (int i = 0; i < w; i++) {
                int t = Math.min(m - 1, Math.max(0, start + i));
                out[k * w + i] = longMedian[k * m + t] - base;
            }
        }
        Delineation placed = clip(d.shifted(-start), w);
        return new MedianBeat(new Recording(rhythm.id(), rhythm.leads(), w, fs, out), placed, beats, used,
                lowCorrelation, premature, meanRr);
    }

    private static Delineation clip(Delineation d, int w) {
        int[] p = {d.pOn(), d.pOff(), d.qrsOn(), d.qrsOff(), d.tPeak(), d.tOff()};
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] >= w ? -1 : p[i];
        }
        return new Delineation(p[0], p[1], p[2], p[3], p[4], p[5]);
    }

    /** A lead is clipped when more than 5% of its samples sit at its extreme values (saturated amplifier). */
    private static void checkClipping(Recording rec, int[] ind) {
        int n = rec.samples();
        float[] x = rec.signal();
        for (int k : ind) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, x[k * n + i]);
                hi = Math.max(hi, x[k * n + i]);
            }
            if (hi == lo) {
                continue; // a flat lead carries nothing and is not clipping; detection reports a flat record
            }
            int atLo = 0;
            int atHi = 0;
            for (int i = 0; i < n; i++) {
                atLo += x[k * n + i] == lo ? 1 : 0;
                atHi += x[k * n + i] == hi ? 1 : 0;
            }
            double frac = Math.max(atLo, atHi) / (double) n;
            if (frac > CLIP_FRACTION) {
                throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                        "record %s: lead %s is clipped (%.0f%% of its samples at %s µV)", rec.id(),
                        rec.leads().get(k).label(), 100 * frac, atHi >= atLo ? hi : lo));
            }
        }
    }

    private static boolean[] allTrue(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    /**
     * Per-sample median over the selected beats of segment [r + lag + offset, + len) for each independent lead;
     * rows of other leads stay 0. A sample no beat covers repeats the nearest covered one.
     */
    private static float[] medianSegments(float[] x, int n, int[] leads, int[] r, int[] lag, boolean[] use,
            int offset, int len) {
        int maxLead = 0;
        for (int k : leads) {
            maxLead = Math.max(maxLead, k);
        }
        int rows = x.length / n;
        float[] out = new float[rows * len];
        double[] vals = new double[r.length];
        for (int k : leads) {
            int lastCovered = -1;
            for (int j = 0; j < len; j++) {
                int c = 0;
                for (int b = 0; b < r.length; b++) {
                    int t = r[b] + lag[b] + offset + j;
                    if (use[b] && t >= 0 && t < n) {
                        vals[c++] = x[k * n + t];
                    }
                }
                if (c > 0) {
                    out[k * len + j] = (float) median(vals, c);
                    if (lastCovered < j - 1) {
                        Arrays.fill(out, k * len + lastCovered + 1, k * len + j, out[k * len + j]);
                    }
                    lastCovered = j;
                } else if (lastCovered >= 0) {
                    out[k * len + j] = out[k * len + lastCovered];
                }
            }
        }
        return out;
    }

    private static void deriveLimbLeads(List<Lead> leads, float[] s, int m) {
        int i = leads.indexOf(Lead.I);
        int ii = leads.indexOf(Lead.II);
        if (i < 0 || ii < 0) {
            return;
        }
        for (int k = 0; k < leads.size(); k++) {
            Lead lead = leads.get(k);
            if (!lead.isDerivedLimbLead()) {
                continue;
            }
            for (int t = 0; t < m; t++) {
                float a = s[i * m + t];
                float b = s[ii * m + t];
                s[k * m + t] = switch (lead) {
                    case III -> b - a;
                    case AVR -> -(a + b) / 2;
                    case AVL -> a - b / 2;
                    default -> b - a / 2;
                };
            }
        }
    }

    /** Pearson correlation of segment [from, from + q) of the independent leads with the template. */
    private static double correlation(float[] x, int n, int[] leads, int from, float[] tmpl, int q) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int c = 0;
        for (int k : leads) {
            for (int j = 0; j < q; j++) {
                int t = from + j;
                if (t < 0 || t >= n) {
                    continue;
                }
                double a = x[k * n + t];
                double b = tmpl[k * q + j];
                sx += a;
                sy += b;
                sxx += a * a;
                syy += b * b;
                sxy += a * b;
                c++;
            }
        }
        if (c < 2) {
            return -1;
        }
        double cov = sxy - sx * sy / c;
        double vx = sxx - sx * sx / c;
        double vy = syy - sy * sy / c;
        return vx <= 0 || vy <= 0 ? -1 : cov / Math.sqrt(vx * vy);
    }

    /** Median of v[0..c) (reorders v). */
    static double median(double[] v, int c) {
        Arrays.sort(v, 0, c);
        return (c & 1) == 1 ? v[c / 2] : 0.5 * (v[c / 2 - 1] + v[c / 2]);
    }
}
