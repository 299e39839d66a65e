package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.synth.SyntheticBeat;
import org.junit.jupiter.api.Test;

/** Closed forms for the zero-phase filter; the generator's own measurement for {@link Measurements}. */
class FilterAndMeasurementsTest {

    private static double[] filtered(ZeroPhaseFilter f, double hz, double rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        double[] y = new double[n];
        f.apply(x, 0, n, y);
        return y;
    }

    @Test
    void butterworthForwardBackwardHasSquaredMagnitudeAndNoPhase() {
        double rate = 500;
        int n = 20_000;
        for (double hz : new double[] {2, 15, 40}) {
            double[] y = filtered(ZeroPhaseFilter.lowPass(15, rate), hz, rate, n);
            // |H|² of a 2nd-order Butterworth (bilinear, pre-warped) = 1 / (1 + (tan(πf/fs)/tan(πfc/fs))⁴)
            double ratio = Math.tan(Math.PI * hz / rate) / Math.tan(Math.PI * 15 / rate);
            double gain = 1 / (1 + Math.pow(ratio, 4));
            // away from the edges, y = gain · sin (no phase shift): compare at a peak and a zero crossing
            int peak = (int) Math.round((n / 2.0 * hz / rate + 0.25) * rate / hz);
            assertEquals(gain, y[peak], 2e-3, hz + " Hz at a peak");
            int zero = (int) Math.round(Math.round(n / 2.0 * hz / rate) * rate / hz);
            assertEquals(0, y[zero], 2e-3, hz + " Hz at a zero crossing");
        }
        double[] hp = filtered(ZeroPhaseFilter.highPass(0.5, rate), 0.5, rate, n);
        int peak = (int) Math.round((n / 2.0 * 0.5 / rate + 0.25) * rate / 0.5);
        assertEquals(0.5, hp[peak], 5e-3, "-6 dB at the cut-off");
        float[] dc = new float[1000];
        java.util.Arrays.fill(dc, 123f);
        double[] out = new double[1000];
        ZeroPhaseFilter.lowPass(15, rate).apply(dc, 0, 1000, out);
        assertEquals(123, out[0], 1e-9);
        assertEquals(123, out[999], 1e-9);
        ZeroPhaseFilter.highPass(0.5, rate).apply(dc, 0, 1000, out);
        assertEquals(0, out[500], 1e-9);
        assertThrows(ConfigurationException.class, () -> ZeroPhaseFilter.lowPass(300, 500));
    }

    @Test
    void measurementsEqualTheGeneratorsOnItsOwnFiducials() {
        for (long i = 0; i < 50; i++) {
            SyntheticBeat b = SyntheticEcgs.median(i);
            Fiducials f = b.measurement().fiducials();
            Recording clean = Recording.of(b.noiseFreeRecord(Lead.STANDARD_12), 500);
            Delineation d = new Delineation(f.pOn(), f.pOff(), f.qrsOn(), f.qrsOff(), -1, f.tOff());
            Measurements m = Measurements.of(clean, d, b.parameters().rrMs());
            Targets want = b.measurement().targets();
            Targets got = m.targets();
            assertEquals(want.hr(), got.hr(), 1e-9);
            assertEquals(f.rPeak(), m.rPeak(), "record " + i);
            // amplitudes: same samples, float32 rendering vs the generator's float64
            assertEquals(want.rAmpV5(), got.rAmpV5(), 0.01, "record " + i);
            assertEquals(want.stjV5(), got.stjV5(), 0.01, "record " + i);
            assertEquals(want.tAmpV5(), got.tAmpV5(), 0.01, "record " + i);
            // intervals: ours from whole samples (2 ms), the generator's from interpolated crossings
            assertEquals(want.pr(), got.pr(), 2.0, "record " + i);
            assertEquals(want.qrs(), got.qrs(), 2.0, "record " + i);
            assertEquals(want.qt(), got.qt(), 2.0, "record " + i);
        }
    }
}
