package org.heatbench.datasets.importers.wfdb;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.datasets.Lead;

/**
 * The wave boundaries annotated on one lead (LUDB's per-lead files {@code .i} ... {@code .v6}) and the beats they
 * form. Immutable.
 *
 * @param lead  the lead
 * @param waves every marked wave in file order (sample order)
 * @param beats one per QRS complex, in order, with its P and T where annotated
 */
public record LeadDelineation(Lead lead, List<WaveBoundary> waves, List<Beat> beats) {

    public LeadDelineation {
        waves = List.copyOf(waves);
        beats = List.copyOf(beats);
    }

    /**
     * Builds the waves from a lead's annotations: {@code (} opens a wave, a peak symbol ({@code p}, {@code t},
     * {@code u} or a beat symbol) names it, {@code )} closes it. A peak without brackets is a wave with unknown
     * onset and offset; other annotations are ignored.
     */
    public static LeadDelineation of(Lead lead, List<Annotation> annotations) {
        List<WaveBoundary> waves = new ArrayList<>();
        int onset = -1;
        int peak = -1;
        Wave wave = null;
        for (Annotation a : annotations) {
            int s = (int) a.sample();
            Wave w = a.code() == 24 ? Wave.P : a.code() == 27 ? Wave.T : a.code() == 29 ? Wave.U
                    : a.isBeat() ? Wave.QRS : null;
            if (a.code() == 39) {
                if (wave != null) {
                    waves.add(new WaveBoundary(wave, onset, peak, -1));
                }
                onset = s;
                peak = -1;
                wave = null;
            } else if (w != null) {
                if (wave != null) {
                    waves.add(new WaveBoundary(wave, onset, peak, -1));
                    onset = -1;
                }
                wave = w;
                peak = s;
            } else if (a.code() == 40) {
                if (wave != null) {
                    waves.add(new WaveBoundary(wave, onset, peak, s));
                }
                onset = -1;
                peak = -1;
                wave = null;
            }
        }
        if (wave != null) {
            waves.add(new WaveBoundary(wave, onset, peak, -1));
        }
        return new LeadDelineation(lead, waves, beats(waves));
    }

    private static List<Beat> beats(List<WaveBoundary> waves) {
        List<Integer> qrs = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            if (waves.get(i).wave() == Wave.QRS) {
                qrs.add(i);
            }
        }
        List<Beat> beats = new ArrayList<>();
        for (int b = 0; b < qrs.size(); b++) {
            int at = qrs.get(b);
            int prev = b == 0 ? -1 : qrs.get(b - 1);
            int next = b + 1 < qrs.size() ? qrs.get(b + 1) : waves.size();
            WaveBoundary p = null;
            for (int i = at - 1; i > prev; i--) {
                if (waves.get(i).wave() == Wave.P) {
                    p = waves.get(i);
                    break;
                }
            }
            WaveBoundary t = null;
            for (int i = at + 1; i < next; i++) {
                if (waves.get(i).wave() == Wave.T) {
                    t = waves.get(i);
                    break;
                }
            }
            beats.add(new Beat(b, p, waves.get(at), t));
        }
        return beats;
    }
}
