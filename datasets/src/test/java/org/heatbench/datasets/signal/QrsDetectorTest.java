package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.datasets.Lead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** QRS detection on synthetic rhythms with exact beat positions (the generator's ground truth). */
class QrsDetectorTest {

    /** Every true QRS (onset at least 100 ms inside the record) is matched within 50 ms, and nothing else. */
    static void assertDetects(SyntheticEcgs.Rhythm r, Recording rec) {
        int[] truth = r.qrsOnsets();
        int[] det = QrsDetector.standard().detect(rec).positions();
        int window = 25; // 50 ms at 500 Hz, measured from the middle of the QRS
        int mid = (int) Math.round(r.parameters().qrsMs() / 4); // onset + QRS/2, in samples at 500 Hz
        int matched = 0;
        for (int t : truth) {
            int centre = t + mid;
            boolean inside = t > 50 && t + 2 * mid < rec.samples() - 50;
            boolean found = false;
            for (int d : det) {
                found |= Math.abs(d - centre) <= window;
            }
            if (inside) {
                assertTrue(found, rec.id() + ": QRS at " + t + " missed; detections " + java.util.Arrays.toString(det));
            }
            matched += found ? 1 : 0;
        }
        int counted = 0;
        for (int d : det) {
            counted += d >= 15 && d < rec.samples() - 15 ? 1 : 0; // a beat cut by the record's edge may show there
        }
        assertTrue(counted <= matched, rec.id() + ": false detections " + java.util.Arrays.toString(det)
                + " truth " + java.util.Arrays.toString(truth) + " matched " + matched);
    }

    @ParameterizedTest(name = "{0} bpm, noise {1} µV")
    @CsvSource({"40, 5", "40, 50", "60, 10", "75, 30", "90, 10", "110, 20", "130, 10", "150, 5", "150, 40"})
    void findsEveryBeatAcrossRatesAndNoise(double hr, double noise) {
        for (long i = 0; i < 4; i++) {
            SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(i, hr, noise, Double.NaN, Double.NaN, Double.NaN, 10, 11 + i);
            assertDetects(r, r.recording());
        }
    }

    @ParameterizedTest(name = "QRS {0} ms, Q/R {1}, S/R {2}")
    @CsvSource({"70, 0.02, 0.1", "100, 0.3, 0.6", "140, 0.05, 1.2", "125, 0.5, 0.02"})
    void findsEveryBeatForOtherQrsShapes(double qrs, double q, double s) {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(3, 70, 10, qrs, q, s, 10, 5);
        assertDetects(r, r.recording());
    }

    @Test
    void worksOnOneLead() {
        SyntheticEcgs.Rhythm r = SyntheticEcgs.rhythm(1, 80, 10, Double.NaN, Double.NaN, Double.NaN, 10, 3);
        Recording all = r.recording();
        int k = all.leads().indexOf(Lead.V5);
        float[] v5 = java.util.Arrays.copyOfRange(all.signal(), k * all.samples(), (k + 1) * all.samples());
        assertDetects(r, new Recording("one-lead", List.of(Lead.V5), all.samples(), all.rateHz(), v5));
    }

    @Test
    void flatLineHasNoBeats() {
        Recording flat = new Recording("flat", List.of(Lead.II), 5000, 500, new float[5000]);
        assertEquals(0, QrsDetector.standard().detect(flat).count());
    }
}
