package org.heatbench.datasets.realism;

import java.util.List;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;

/**
 * The features measured on one median beat for the realism comparison. Input: the eight independent leads
 * {@link Lead#INDEPENDENT_8} (I, II, V1–V6), lead-major, µV, with the record's stored targets and fiducials.
 * Features that need a missing target or fiducial are NaN (never guessed). Stateless, thread-safe.
 *
 * <ul>
 *   <li>{@code pr, qrs, qt} (ms), {@code r_amp_v5, t_amp_v5, stj_v5} (µV): the stored targets (device or generator
 *       measurements);</li>
 *   <li>{@code qrs_onset_ms}: the QRS-onset fiducial, ms from the window start — where the median maker put the
 *       beat;</li>
 *   <li>{@code qrs_axis_deg}: frontal QRS axis, atan2(net aVF area, net I area) over [QRS on, QRS off] with
 *       aVF = II − I/2 and the value at QRS onset as baseline (−180…180°);</li>
 *   <li>{@code p2p_I … p2p_V6}: peak-to-peak amplitude of each lead over the window, µV;</li>
 *   <li>{@code pre_p_activity}, {@code post_t_activity}: mean over the eight leads of the peak-to-peak amplitude in
 *       the first / last 100 ms of the window, µV — a next beat drawn into the window shows here;</li>
 *   <li>{@code baseline_shift}: mean over leads of |mean of the last 50 ms − mean of the first 50 ms|, µV.</li>
 * </ul>
 */
public final class BeatFeatures {

    /** Feature names, in the order of {@link #extract}. */
    public static final List<String> NAMES = List.of("pr", "qrs", "qt", "r_amp_v5", "t_amp_v5", "stj_v5",
            "qrs_onset_ms", "qrs_axis_deg", "p2p_I", "p2p_II", "p2p_V1", "p2p_V2", "p2p_V3", "p2p_V4", "p2p_V5",
            "p2p_V6", "pre_p_activity", "post_t_activity", "baseline_shift");

    /** Units of {@link #NAMES}. */
    public static final List<String> UNITS = List.of("ms", "ms", "ms", "uV", "uV", "uV", "ms", "deg", "uV", "uV",
            "uV", "uV", "uV", "uV", "uV", "uV", "uV", "uV", "uV");

    private BeatFeatures() {
    }

    /**
     * @param signal    [8, samples] µV of {@link Lead#INDEPENDENT_8}
     * @param samples   samples per lead
     * @param rateHz    sampling rate
     * @param targets   the record's stored targets (NaN = missing)
     * @param fiducials the record's fiducials (−1 = unknown)
     * @return {@link #NAMES}.size() values, NaN where not measurable
     */
    public static double[] extract(float[] signal, int samples, double rateHz, Targets targets, Fiducials fiducials) {
        int leads = Lead.INDEPENDENT_8.size();
        if (signal.length != leads * samples) {
            throw new IllegalArgumentException("expected " + leads + " x " + samples + " values, got "
                    + signal.length);
        }
        double[] f = new double[NAMES.size()];
        f[0] = targets.pr();
        f[1] = targets.qrs();
        f[2] = targets.qt();
        f[3] = targets.rAmpV5();
        f[4] = targets.tAmpV5();
        f[5] = targets.stjV5();
        double dt = 1000 / rateHz;
        int on = fiducials.qrsOn();
        int off = fiducials.qrsOff();
        f[6] = on >= 0 ? on * dt : Double.NaN;
        f[7] = Double.NaN;
        if (on >= 0 && off > on && off < samples) {
            double areaI = 0;
            double areaF = 0;
            double baseI = signal[on];
            double baseII = signal[samples + on];
            for (int i = on; i <= off; i++) {
                double vI = signal[i] - baseI;
                double vII = signal[samples + i] - baseII;
                areaI += vI;
                areaF += vII - vI / 2;
            }
            f[7] = Math.toDegrees(Math.atan2(areaF, areaI));
        }
        for (int k = 0; k < leads; k++) {
            f[8 + k] = peakToPeak(signal, k * samples, 0, samples);
        }
        int edge = Math.max(1, (int) Math.round(100 / dt));
        int half = Math.max(1, edge / 2);
        double pre = 0;
        double post = 0;
        double shift = 0;
        for (int k = 0; k < leads; k++) {
            pre += peakToPeak(signal, k * samples, 0, edge);
            post += peakToPeak(signal, k * samples, samples - edge, samples);
            shift += Math.abs(mean(signal, k * samples, samples - half, samples) - mean(signal, k * samples, 0, half));
        }
        f[16] = pre / leads;
        f[17] = post / leads;
        f[18] = shift / leads;
        return f;
    }

    private static double peakToPeak(float[] s, int offset, int from, int to) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            lo = Math.min(lo, s[offset + i]);
            hi = Math.max(hi, s[offset + i]);
        }
        return hi - lo;
    }

    private static double mean(float[] s, int offset, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[offset + i];
        }
        return sum / (to - from);
    }
}
