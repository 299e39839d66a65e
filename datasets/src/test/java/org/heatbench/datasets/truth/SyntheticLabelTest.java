package org.heatbench.datasets.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.junit.jupiter.api.Test;

/** The label rules at and around their clinical thresholds. */
class SyntheticLabelTest {

    private static Targets t(double hr, double pr, double qrs, double qt, double tAmp, double stj) {
        return new Targets(hr, pr, qrs, qt, tAmp, 1000, stj);
    }

    @Test
    void thresholds() {
        Map<String, Double> normal = SyntheticLabel.all(t(75, 160, 90, 380, 200, 20));
        normal.values().forEach(v -> assertEquals(0.0, v));
        assertEquals(1.0, SyntheticLabel.AVB1.of(t(75, 201, 90, 380, 200, 20)));
        assertEquals(0.0, SyntheticLabel.AVB1.of(t(75, 200, 90, 380, 200, 20)), "PR > 200, not >=");
        assertEquals(1.0, SyntheticLabel.WIDE_QRS.of(t(75, 160, 121, 380, 200, 20)));
        // QTc Bazett: QT 400 ms at HR 60 (RR 1 s) = 400; at HR 90, RR = 2/3 s: 400 / sqrt(2/3) = 489.9 > 460
        assertEquals(0.0, SyntheticLabel.LONG_QT.of(t(60, 160, 90, 400, 200, 20)));
        assertEquals(1.0, SyntheticLabel.LONG_QT.of(t(90, 160, 90, 400, 200, 20)));
        assertEquals(1.0, SyntheticLabel.ST_ELEVATION.of(t(75, 160, 90, 380, 200, 101)));
        assertEquals(1.0, SyntheticLabel.T_INVERSION.of(t(75, 160, 90, 380, -1, 20)));
        assertEquals(1.0, SyntheticLabel.BRADYCARDIA.of(t(59, 160, 90, 380, 200, 20)));
        assertEquals(1.0, SyntheticLabel.TACHYCARDIA.of(t(101, 160, 90, 380, 200, 20)));
        assertTrue(Double.isNaN(SyntheticLabel.AVB1.of(t(75, Double.NaN, 90, 380, 200, 20))));
        assertTrue(Double.isNaN(SyntheticLabel.LONG_QT.of(t(Double.NaN, 160, 90, 380, 200, 20))));
        assertEquals(Target.PR, SyntheticLabel.byLabel("AVB1").orElseThrow().evidence());
    }
}
