package org.heatbench.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceHeartRateTest {
    @Test
    void rrIntervalInMsBecomesARate() {
        assertEquals(75.0, DeviceHeartRate.of(Map.of("rr_interval", "800")), 1e-12);
        assertEquals(60.0, DeviceHeartRate.of(Map.of("RR_Mean_Global", " 1000 ")), 1e-12);
    }

    @Test
    void aStatedRateIsTakenAsIs() {
        assertEquals(48.0, DeviceHeartRate.of(Map.of("VentricularRate", "48")), 1e-12);
    }

    @Test
    void anRrKeyWinsOverARateKey() {
        assertEquals(50.0, DeviceHeartRate.of(Map.of("rr_ms", "1200", "hr", "90")), 1e-12);
    }

    @Test
    void malformedOrImplausibleValuesAreNotGuessedAt() {
        assertTrue(Double.isNaN(DeviceHeartRate.of(Map.of())));
        assertTrue(Double.isNaN(DeviceHeartRate.of(Map.of("hr", "fast"))));
        assertTrue(Double.isNaN(DeviceHeartRate.of(Map.of("hr", "400"))));
        assertTrue(Double.isNaN(DeviceHeartRate.of(Map.of("rr_interval", "100"))));
        // an implausible RR does not hide a plausible stated rate
        assertEquals(72.0, DeviceHeartRate.of(Map.of("rr_interval", "0", "heart_rate", "72")), 1e-12);
    }
}
