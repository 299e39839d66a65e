package org.heatbench.datasets.signal;

import org.heatbench.core.ConfigurationException;

/**
 * Settings of {@link MedianBeatBuilder}. Immutable.
 *
 * @param windowMs          median window length (MUSE: 1200 ms = 600 samples at 500 Hz)
 * @param onsetMs           where the QRS onset is placed in the window (MUSE: sample 216 at 500 Hz = 432 ms,
 *                          measured on both shared MUSE exports)
 * @param minCorrelation    beats whose Pearson correlation with the initial template (QRS region ±100 ms, all
 *                          independent leads) is below this are left out (default 0.90)
 * @param prematureFraction beats whose preceding RR is shorter than (1 − this) × the median RR are left out as
 *                          premature (default 0.20, the 20% rule of Malik et al. 1989)
 * @param maxLagMs          largest alignment shift searched by cross-correlation (default ±10 ms)
 * @param highPassHz        zero-phase baseline-wander high-pass applied to the rhythm first (default 0.5 Hz)
 * @param minBeats          fewest beats the median must rest on (default 2)
 */
public record MedianConfig(double windowMs, double onsetMs, double minCorrelation, double prematureFraction,
        double maxLagMs, double highPassHz, int minBeats) {

    public MedianConfig {
        if (!(windowMs >= 200) || !(onsetMs > 0 && onsetMs < windowMs)) {
            throw new ConfigurationException("median window " + windowMs + " ms with QRS onset at " + onsetMs
                    + " ms: need a window of at least 200 ms and the onset inside it");
        }
        if (!(minCorrelation >= -1 && minCorrelation <= 1) || !(prematureFraction >= 0 && prematureFraction < 1)
                || !(maxLagMs >= 0 && maxLagMs <= 50) || !(highPassHz >= 0 && highPassHz <= 5) || minBeats < 1) {
            throw new ConfigurationException("median settings out of range: correlation " + minCorrelation
                    + ", premature fraction " + prematureFraction + ", lag " + maxLagMs + " ms, high-pass "
                    + highPassHz + " Hz, min beats " + minBeats);
        }
    }

    /** MUSE's layout: 1200 ms window, QRS onset at 432 ms; correlation 0.90, 20% rule, ±10 ms, 0.5 Hz, 2 beats. */
    public static MedianConfig muse() {
        return new MedianConfig(1200, 432, 0.90, 0.20, 10, 0.5, 2);
    }

    /** @return the same settings with another window and onset */
    public MedianConfig withWindow(double windowMs, double onsetMs) {
        return new MedianConfig(windowMs, onsetMs, minCorrelation, prematureFraction, maxLagMs, highPassHz, minBeats);
    }
}
