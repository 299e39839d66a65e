package org.heatbench.datasets.signal;

import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;

/**
 * The study's seven targets measured on a delineated beat, with the synthetic generator's definitions
 * ({@code docs/DATASET_FORMAT.md}): PR = QRS on − P on, QRS = QRS off − QRS on, QT = T off − QRS on (ms, from sample
 * indices); HR = 60000 / mean RR of the rhythm; V5 amplitudes relative to V5 at the QRS-on sample: R = V5 at its
 * maximum within [QRS on, QRS off] (that sample is {@code rPeak}), T = the largest signed deflection over
 * [QRS off, T off], ST-J = V5 at QRS off. A value whose boundaries are unknown (or whose beat has no V5) is NaN.
 *
 * @param targets the seven values (NaN where not measurable)
 * @param rPeak   sample of the V5 R peak, -1 when unknown
 */
public record Measurements(Targets targets, int rPeak) {

    /**
     * @param beat  the beat (e.g. a median), µV
     * @param d     its boundaries (indices into {@code beat})
     * @param rrMs  the rhythm's mean RR, ms (NaN when unknown)
     */
    public static Measurements of(Recording beat, Delineation d, double rrMs) {
        double ms = 1000 / beat.rateHz();
        double pr = d.pOn() >= 0 && d.qrsOn() >= 0 ? (d.qrsOn() - d.pOn()) * ms : Double.NaN;
        double qrs = d.qrsOn() >= 0 && d.qrsOff() >= 0 ? (d.qrsOff() - d.qrsOn()) * ms : Double.NaN;
        double qt = d.qrsOn() >= 0 && d.tOff() >= 0 ? (d.tOff() - d.qrsOn()) * ms : Double.NaN;
        double hr = rrMs > 0 ? 60000 / rrMs : Double.NaN;
        double rAmp = Double.NaN;
        double tAmp = Double.NaN;
        double stj = Double.NaN;
        int rPeak = -1;
        int v5 = beat.leads().indexOf(Lead.V5);
        if (v5 >= 0 && d.qrsOn() >= 0 && d.qrsOff() >= d.qrsOn()) {
            float[] x = beat.signal();
            int off = v5 * beat.samples();
            double base = x[off + d.qrsOn()];
            rPeak = d.qrsOn();
            for (int i = d.qrsOn(); i <= d.qrsOff(); i++) {
                if (x[off + i] > x[off + rPeak]) {
                    rPeak = i;
                }
            }
            rAmp = x[off + rPeak] - base;
            stj = x[off + d.qrsOff()] - base;
            if (d.tOff() >= d.qrsOff()) {
                double best = 0;
                for (int i = d.qrsOff(); i <= d.tOff(); i++) {
                    double v = x[off + i] - base;
                    if (Math.abs(v) > Math.abs(best)) {
                        best = v;
                    }
                }
                tAmp = best;
            }
        }
        return new Measurements(new Targets(hr, pr, qrs, qt, tAmp, rAmp, stj), rPeak);
    }
}
