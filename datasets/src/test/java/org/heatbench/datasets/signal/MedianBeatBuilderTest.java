package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Median beats from synthetic rhythms, against the generator's exact fiducials and intervals. */
class MedianBeatBuilderTest {

    @ParameterizedTest(name = "{0} bpm, noise {1} µV")
    @CsvSource({"40, 10", "60, 5", "60, 40", "75, 20", "100, 10", "120, 10", "150, 10"})
    void medianIntervalsMatchTheGroundTruth(double hr, double noise) {
        for (long i = 0; i < 3; i++) {
            SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(i, hr, noise, Double.NaN, Double.NaN, Double.NaN, 10, 21 + i);
            MedianBeat m = MedianBeatBuilder.muse().build(r.recording());
            String id = r.recording().id();
            assertEquals(216, m.delineation().qrsOn(), id + ": QRS onset placed at sample 216");
            assertEquals(m.beatsFound(), m.beatsUsed() + m.rejectedCorrelation() + m.rejectedPremature(), id);
            // beats cut by the record's edges may correlate poorly; no more than those two may be left out
            assertTrue(m.beatsUsed() >= m.beatsFound() - 2, id + ": beats left out of a regular rhythm: " + m);
            Targets truth = r.truth().targets();
            Measurements got = Measurements.of(m.beat(), m.delineation(), m.meanRrMs());
            assertEquals(hr, got.targets().hr(), 1.5, id + " HR");
            // 22 ms, not the 12 (changed with the published QRS thresholds): the generator puts a boundary
            // where the wave group reaches 1.1% of its spatial peak (a Gaussian's 3σ point); Martínez's published
            // rule (W below 5% of the first slope maximum, 12.5% of the last, or a local minimum of W) lands up to
            // ~8 ms before that on a Gaussian onset and 4–10 ms after it on the offset, and averaging jittered beats
            // widens a median's QRS by a few ms more: measured +12 to +21 ms here, a difference of conventions that
            // the real 12SL / device / cardiologist boundaries do not share (docs/SIGNALS.md, "Thresholds"; the
            // real-data tables hold the 12 ms)
            assertEquals(truth.qrs(), got.targets().qrs(), 22, id + " QRS");
            // at 150 bpm the next P wave rides on the T wave: T offset and P are not asserted there
            if (hr <= 120) {
                assertEquals(truth.qt(), got.targets().qt(), 30, id + " QT");
                assertEquals(truth.pr(), got.targets().pr(), 20, id + " PR");
                assertEquals(truth.rAmpV5(), got.targets().rAmpV5(), 0.08 * truth.rAmpV5() + 3 * noise, id + " R V5");
            }
        }
    }

    @Test
    void medianShapeEqualsTheNoiseFreeBeat() {
        SyntheticEcgs.Rhythm noisy = SyntheticEcgs.rhythm(5, 70, 10, Double.NaN, Double.NaN, Double.NaN, 10, 9);
        SyntheticEcgs.Rhythm clean = SyntheticEcgs.rhythm(5, 70, 0, Double.NaN, Double.NaN, Double.NaN, 10, 9);
        MedianBeat m = MedianBeatBuilder.muse().build(noisy.recording());
        // the noise-free beat 0, cut with its true QRS onset at sample 216, referenced to 0 there
        Fiducials f = clean.beat0();
        Recording c = clean.recording();
        int lagSum = 0;
        for (Lead lead : List.of(Lead.II, Lead.V2, Lead.V5)) {
            int k = c.leads().indexOf(lead);
            // compare after the best shift within ±6 samples: the shape, apart from where the QRS onset was put
            double best = -1;
            int bestLag = 0;
            double bestRms = 0;
            for (int lag = -6; lag <= 6; lag++) {
                double[] a = new double[560];
                double[] b = new double[560];
                for (int i = 20; i < 580; i++) {
                    a[i - 20] = m.beat().signal()[k * 600 + i + lag];
                    b[i - 20] = c.signal()[k * c.samples() + f.qrsOn() - 216 + i];
                }
                double r = SignalValidation.pearson(a, b);
                if (r > best) {
                    best = r;
                    bestLag = lag;
                    double ma = Arrays.stream(a).average().orElse(0);
                    double mb = Arrays.stream(b).average().orElse(0);
                    for (int i = 0; i < a.length; i++) {
                        a[i] -= ma;
                        b[i] -= mb;
                    }
                    bestRms = SignalValidation.rms(a, b);
                }
            }
            assertTrue(best > 0.98, lead + ": r = " + best);
            assertTrue(bestRms < 30, lead + ": RMS = " + bestRms);
            lagSum += Math.abs(bestLag);
        }
        // the placement follows our QRS onset, which the issue allows to be 12 ms (6 samples) off
        assertTrue(lagSum <= 3 * 6, "placement of the QRS onset off by " + lagSum + " samples over 3 leads");
    }

    @Test
    void anEctopicBeatIsLeftOutAndCounted() {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(2, 60, 10, Double.NaN, Double.NaN, Double.NaN, 10, 4);
        Recording rec = r.recording();
        float[] s = rec.signal();
        int n = rec.samples();
        // a wide, negative premature complex 55% of the way into one RR interval, on every lead
        int[] onsets = r.qrsOnsets();
        int at = onsets[4] + (int) (0.55 * (onsets[5] - onsets[4]));
        for (int k = 0; k < rec.leadCount(); k++) {
            double sign = k % 2 == 0 ? -1 : 1;
            for (int t = -60; t <= 60; t++) {
                s[k * n + at + t] += (float) (sign * 1500 * Math.exp(-t * t / (2.0 * 18 * 18)));
            }
        }
        MedianBeat m = MedianBeatBuilder.muse().build(new Recording("ectopic", rec.leads(), n, rec.rateHz(), s));
        assertTrue(m.rejectedCorrelation() + m.rejectedPremature() >= 1, m.toString());
        assertEquals(m.beatsFound(), m.beatsUsed() + m.rejectedCorrelation() + m.rejectedPremature());
        Measurements got = Measurements.of(m.beat(), m.delineation(), m.meanRrMs());
        assertEquals(r.truth().targets().qrs(), got.targets().qrs(), 22); // 22 ms: see medianIntervalsMatchTheGroundTruth
    }

    @Test
    void flatLineIsRefusedNamingTheRecord() {
        Recording flat = new Recording("rec-flat", Lead.STANDARD_12, 5000, 500, new float[12 * 5000]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MedianBeatBuilder.muse().build(flat));
        assertTrue(e.getMessage().contains("rec-flat") && e.getMessage().contains("no QRS"), e.getMessage());
    }

    @Test
    void clippedLeadIsRefusedNamingRecordAndLead() {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(1, 70, 10, Double.NaN, Double.NaN, Double.NaN, 10, 2);
        float[] s = r.recording().signal();
        int k = r.recording().leads().indexOf(Lead.V3);
        for (int i = k * 5000; i < (k + 1) * 5000; i++) {
            s[i] = Math.min(s[i], 150f); // amplifier saturated at +150 µV
        }
        Recording clipped = new Recording("rec-clip", Lead.STANDARD_12, 5000, 500, s);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MedianBeatBuilder.muse().build(clipped));
        assertTrue(e.getMessage().contains("rec-clip") && e.getMessage().contains("V3")
                && e.getMessage().contains("clipped"), e.getMessage());
    }

    @Test
    void tooFewBeatsIsRefusedWithCounts() {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(1, 45, 5, Double.NaN, Double.NaN, Double.NaN, 1.6, 2);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MedianBeatBuilder.muse().build(r.recording()));
        assertTrue(e.getMessage().contains(r.recording().id()) && e.getMessage().contains("usable beat"),
                e.getMessage());
    }

    @Test
    void nonFiniteSampleIsRefusedNamingRecordAndLead() {
        float[] s = new float[2 * 1000];
        s[1500] = Float.NaN;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Recording("rec-nan", List.of(Lead.I, Lead.II), 1000, 500, s));
        assertTrue(e.getMessage().contains("rec-nan") && e.getMessage().contains("lead II sample 500"),
                e.getMessage());
    }

    @Test
    void singleLeadRhythmGivesASingleLeadMedian() {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(1, 80, 10, Double.NaN, Double.NaN, Double.NaN, 10, 3);
        Recording all = r.recording();
        int k = all.leads().indexOf(Lead.II);
        float[] ii = Arrays.copyOfRange(all.signal(), k * all.samples(), (k + 1) * all.samples());
        MedianBeat m = MedianBeatBuilder.muse().build(new Recording("one", List.of(Lead.II), all.samples(), 500, ii));
        assertEquals(List.of(Lead.II), m.beat().leads());
        assertEquals(216, m.delineation().qrsOn());
        assertEquals(r.truth().targets().qrs(), (m.delineation().qrsOff() - 216) * 2.0, 16);
    }
}
