package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.datasets.Fiducials;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Single-beat delineation inside a synthetic rhythm, beat by beat, against the exact per-beat fiducials. */
class DelineatorSingleBeatTest {

    /**
     * QRS boundaries within 12 ms (6 samples) up to 10 µV of noise; a single beat is not averaged, so at 20 µV the
     * noise moves the QRS boundaries more (tolerance 20 ms there).
     */
    @ParameterizedTest(name = "{0} bpm, noise {1} µV")
    @CsvSource({"50, 5, 6", "70, 10, 6", "90, 10, 6", "110, 10, 6", "90, 20, 10"})
    void everyBeatIsDelineatedNearTheTruth(double hr, double noise, int qrsTolerance) {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(6, hr, noise, Double.NaN, Double.NaN, Double.NaN, 10, 8);
        Recording rec = r.recording();
        int[] det = QrsDetector.standard().detect(rec).positions();
        Fiducials f0 = r.beat0();
        double rr = r.rrMs() * 0.5; // samples
        int checked = 0;
        for (int b = 1; b + 1 < det.length; b++) {
            // which true beat: k = round((det − R0) / RR)
            long k = Math.round((det[b] - f0.rPeak()) / rr);
            int shift = (int) Math.round(k * rr);
            int from = (det[b - 1] + det[b]) / 2;
            int to = det[b + 1] - (int) (0.2 * (det[b + 1] - det[b]));
            Delineation d = Delineator.standard().delineate(rec, from, to, det[b], r.rrMs());
            String id = rec.id() + " beat " + k;
            assertEquals(f0.qrsOn() + shift, d.qrsOn(), qrsTolerance, id + " QRS on");
            assertEquals(f0.qrsOff() + shift, d.qrsOff(), qrsTolerance, id + " QRS off");
            assertEquals(f0.tOff() + shift, d.tOff(), 15, id + " T off");
            assertEquals(f0.pOn() + shift, d.pOn(), 10, id + " P on");
            checked++;
        }
        assertTrue(checked >= det.length - 3, "beats checked: " + checked);
    }
}
