package org.heatbench.datasets.store;

import java.util.List;
import java.util.Map;

/**
 * The heart rate a device stated for a record, read from the record's metadata (the imported file's own measurement
 * table), so that {@link StoreDelineation} can keep it as the record's HR with source {@code device} rather than
 * measure one. Stateless; thread-safe.
 */
public final class DeviceHeartRate {
    private DeviceHeartRate() {
    }

    /** Metadata keys read as the device's RR interval in ms (MIMIC-IV-ECG, PTB-XL+ 12SL/Uni-G feature tables). */
    public static final List<String> RR_KEYS = List.of("rr_interval", "RR_Mean_Global", "rr_ms");
    /** Metadata keys read as the device's ventricular rate in bpm (GE MUSE, generic). */
    public static final List<String> RATE_KEYS = List.of("VentricularRate", "heart_rate", "hr");

    /**
     * The device's heart rate from a record's metadata: 60000 / RR for an RR key, the rate itself for a rate key;
     * NaN when none is present or the value is not a number within 20–300 bpm (a malformed value is not guessed at).
     */
    public static double of(Map<String, String> meta) {
        for (String k : RR_KEYS) {
            double rr = number(meta.get(k));
            if (rr >= 200 && rr <= 3000) {
                return 60000 / rr;
            }
        }
        for (String k : RATE_KEYS) {
            double hr = number(meta.get(k));
            if (hr >= 20 && hr <= 300) {
                return hr;
            }
        }
        return Double.NaN;
    }

    private static double number(String s) {
        if (s == null || s.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
