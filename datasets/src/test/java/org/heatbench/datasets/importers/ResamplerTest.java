package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static float[] sine(double hz, double rate, int n, double amplitude) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    @Test
    void keepsDurationAndConstants() {
        float[] c = new float[120];
        java.util.Arrays.fill(c, 37.5f);
        float[] up = Resampler.resample(c, 100, 500);
        assertEquals(600, up.length);
        for (float v : up) {
            assertEquals(37.5f, v, 1e-4f);
        }
        assertEquals(300, Resampler.resample(new float[600], 500, 250).length);
    }

    @Test
    void upsamplingReproducesABandLimitedSignal() {
        float[] low = sine(3, 100, 120, 1000);
        float[] up = Resampler.resample(low, 100, 500);
        float[] truth = sine(3, 500, 600, 1000);
        for (int i = 15; i < 585; i++) { // away from the edges
            assertEquals(truth[i], up[i], 5, "sample " + i);
        }
        for (int i = 0; i < 600; i += 5) { // original sample instants are kept exactly
            assertEquals(low[i / 5], up[i], 1e-3);
        }
    }

    @Test
    void downsamplingFiltersWhatTheNewRateCannotHold() {
        float[] keep = Resampler.resample(sine(20, 1000, 2000, 1000), 1000, 500);
        float[] truth = sine(20, 500, 1000, 1000);
        for (int i = 10; i < 990; i++) {
            assertEquals(truth[i], keep[i], 10);
        }
        // 400 Hz is above the new Nyquist frequency (250 Hz): plain decimation would alias it to 100 Hz at full
        // amplitude; the stretched kernel removes most of it
        float[] alias = Resampler.resample(sine(400, 1000, 2000, 1000), 1000, 500);
        double rms = 0;
        for (int i = 10; i < 990; i++) {
            rms += alias[i] * alias[i];
        }
        rms = Math.sqrt(rms / 980);
        assertTrue(rms < 0.2 * 1000 / Math.sqrt(2), "aliased RMS " + rms);
    }
}
