package org.heatbench.datasets.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.junit.jupiter.api.Test;

/**
 * The tangent-method T offset of model v2's ground truth ({@link TEndDefinition#TANGENT}): closed form on an analytic
 * Gaussian, an independent continuous-time recomputation on generated beats, lead independence, and that only the
 * label changes.
 */
class TangentTEndTest {
    private static final double DT = 2; // ms, 500 Hz

    /**
     * Closed form. For a T wave g(t) = A·exp(−(t − μ)² / 2σ²) (σ = the right width on the descending limb):
     * g′(t) = −(t − μ)/σ² · g(t) and g″(t) = ((t − μ)²/σ⁴ − 1/σ²) · g(t), so the descending limb is steepest where
     * g″ = 0, at t<sub>k</sub> = μ + σ, with g(t<sub>k</sub>) = A·e<sup>−1/2</sup> and
     * g′(t<sub>k</sub>) = −A·e<sup>−1/2</sup>/σ. The tangent there, g(t<sub>k</sub>) + g′(t<sub>k</sub>)(t − t<sub>k</sub>),
     * meets the baseline 0 at t = t<sub>k</sub> − g(t<sub>k</sub>)/g′(t<sub>k</sub>) = μ + σ + σ = <b>μ + 2σ</b>,
     * independent of A (and of the left width). The threshold definition (g = e<sup>−4.5</sup>·A) ends it at μ + 3σ.
     */
    @Test
    void tangentEndOfASampledGaussianIsPeakPlusTwoSigma() {
        double worst = 0;
        for (double sigma : new double[] {12, 20, 25, 31.7, 40, 55}) {
            for (double frac : new double[] {0, 0.13, 0.5, 0.77}) {
                for (double amp : new double[] {20, 450, 1800}) {
                    double mu = 300 + frac * DT;
                    double[] m = new double[600];
                    for (int i = 0; i < m.length; i++) {
                        double d = i * DT - mu;
                        double s = d < 0 ? 1.7 * sigma : sigma;
                        m[i] = amp * Math.exp(-d * d / (2 * s * s));
                    }
                    int last = (int) Math.floor((mu + 3 * sigma) / DT);
                    double end = BeatMeasurer.tangentEnd(m, DT, last);
                    worst = Math.max(worst, Math.abs(end - (mu + 2 * sigma)));
                }
            }
        }
        assertTrue(worst < 0.05, "tangent end vs μ + 2σ: worst " + worst + " ms");
    }

    @Test
    void aLimbThatDoesNotDescendHasNoTangentEnd() {
        double[] rising = new double[20];
        for (int i = 0; i < rising.length; i++) {
            rising[i] = i;
        }
        assertTrue(Double.isNaN(BeatMeasurer.tangentEnd(rising, DT, 10)));
    }

    /**
     * The test's own reference: the placed T-group waves (T Gaussian and ST plateau) evaluated in continuous time on a
     * 0.01-ms grid, the terminal limb's steepest point found on that grid (slopes by central differences), and the
     * tangent extended to 0. Independent of the renderer's sampling and of the measurer's sub-sample refinement.
     */
    static double continuousTangentEnd(BeatDesign design) {
        List<Wave> waves = design.centredBeat().stream().filter(w -> w.group() == WaveGroup.T).toList();
        double h = 0.01;
        double from = waves.stream().mapToDouble(Wave::supportStart).min().orElseThrow();
        double to = SyntheticGeneratorTest.impliedEdges(design, WaveGroup.T)[1];
        int n = (int) ((to - from) / h) + 2;
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            double t = from + i * h;
            double x = 0;
            double y = 0;
            double z = 0;
            for (Wave w : waves) {
                double g = w.shape(t);
                x += w.amplitude().x() * g;
                y += w.amplitude().y() * g;
                z += w.amplitude().z() * g;
            }
            m[i] = Math.sqrt(x * x + y * y + z * z);
        }
        int top = n - 2;
        while (top > 0 && m[top - 1] >= m[top]) {
            top--;
        }
        double[] slope = new double[n];
        for (int i = 1; i < n - 1; i++) {
            slope[i] = (m[i + 1] - m[i - 1]) / (2 * h);
        }
        // walking back from the limb's end, the first minimum of the slope (a shoulder's steeper ST-plateau fall
        // before it is not the T wave's down-slope)
        int k = n - 2;
        while (k - 1 >= Math.max(top, 1) && slope[k - 1] <= slope[k]) {
            k--;
        }
        return from + k * h - m[k] / slope[k];
    }

    @Test
    void generatedQtIsTheTangentEndOfThePlacedWavesAndPrecedesTheThresholdEnd() {
        SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(GeneratorConfig.v2(0, 1));
        double worst = 0;
        double shift = 0;
        double intended = 0;
        int n = 300;
        for (long i = 0; i < n; i++) {
            SyntheticBeat b = gen.beat(i);
            BeatMeasurement m = b.measurement();
            double reference = continuousTangentEnd(b.design());
            worst = Math.max(worst, Math.abs(m.tOffMs() - reference));
            assertEquals(m.tOffMs() - m.qrsOnMs(), m.targets().qt(), 1e-9);
            assertEquals(Math.round(m.tOffMs() / DT), m.fiducials().tOff(), b.id());
            double thresholdEnd = SyntheticGeneratorTest.impliedEdges(b.design(), WaveGroup.T)[1];
            assertTrue(m.tOffMs() < thresholdEnd, b.id() + ": tangent end after the threshold end");
            shift += thresholdEnd - m.tOffMs();
            // the T Gaussian's design: peak + 2σ (right width) is the intended tangent end where the ST plateau
            // has decayed by the T peak
            Wave.Gaussian t = b.design().centredBeat().stream().filter(w -> w.group() == WaveGroup.T)
                    .filter(Wave.Gaussian.class::isInstance).map(Wave.Gaussian.class::cast).findFirst().orElseThrow();
            intended = Math.max(intended, Math.abs(m.tOffMs() - (t.centre() + 2 * t.sigmaRight())));
        }
        assertTrue(worst < 0.5, "measured vs continuous-time tangent end: worst " + worst + " ms");
        assertTrue(intended < 3, "measured vs T peak + 2σ: worst " + intended + " ms");
        // Tpeak→Tend (threshold) is 95 ± 15 ms = 3σ, so the tangent end comes ≈ σ ≈ 32 ms earlier on average
        assertEquals(31.7, shift / n, 4, "mean threshold − tangent end");
    }

    /**
     * The T group has one spatial direction, so each lead is a multiple of one curve: the tangent method on a single
     * lead's noise-free signal (|V5| or |II|, the leads Postema &amp; Wilde recommend) ends the T wave where the
     * spatial definition does.
     */
    @Test
    void tangentEndInLeadsIIAndV5EqualsTheSpatialOne() {
        SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(GeneratorConfig.v2(0, 1));
        int checked = 0;
        double worst = 0;
        for (long i = 0; i < 200; i++) {
            SyntheticBeat b = gen.beat(i);
            RenderedBeat r = RenderedBeat.render(b.design(), 500, 600);
            double[] spatial = r.groupMagnitude(WaveGroup.T);
            double tPeak = 0;
            for (double v : spatial) {
                tPeak = Math.max(tPeak, v);
            }
            for (Lead lead : new Lead[] {Lead.II, Lead.V5}) {
                double[] x = r.lead(lead);
                int last = (int) Math.floor(SyntheticGeneratorTest.impliedEdges(b.design(), WaveGroup.T)[1] / DT);
                double[] abs = new double[x.length];
                double leadPeak = 0;
                for (int s = 0; s < x.length; s++) {
                    abs[s] = Math.abs(x[s]);
                    if (s > b.measurement().fiducials().qrsOff() + 10 && s <= last) {
                        leadPeak = Math.max(leadPeak, abs[s]);
                    }
                }
                if (leadPeak < 0.3 * tPeak || leadPeak < 50) {
                    continue; // T nearly perpendicular to this lead: its tangent is ill-conditioned
                }
                double end = BeatMeasurer.tangentEnd(abs, DT, last);
                worst = Math.max(worst, Math.abs(end - b.measurement().tOffMs()));
                checked++;
            }
        }
        assertTrue(checked > 150, "leads checked: " + checked);
        assertTrue(worst < 1, "single-lead vs spatial tangent end: worst " + worst + " ms");
    }

    @Test
    void onlyTheLabelChangesAndTheDefinitionIsInTheProvenance() {
        GeneratorConfig tangent = GeneratorConfig.v2(0, 4);
        GeneratorConfig threshold = tangent.withTEnd(TEndDefinition.THRESHOLD);
        SyntheticEcgGenerator a = SyntheticEcgGenerator.of(tangent);
        SyntheticEcgGenerator b = SyntheticEcgGenerator.of(threshold);
        for (long i = 0; i < 30; i++) {
            SyntheticBeat x = a.beat(i);
            SyntheticBeat y = b.beat(i);
            assertArrayEquals(x.noisy(), y.noisy(), x.id());
            Targets tx = x.measurement().targets();
            Targets ty = y.measurement().targets();
            assertTrue(tx.qt() < ty.qt(), x.id());
            assertEquals(ty.pr(), tx.pr());
            assertEquals(ty.qrs(), tx.qrs());
            assertEquals(ty.rAmpV5(), tx.rAmpV5());
            assertEquals(ty.stjV5(), tx.stjV5());
            assertEquals(ty.hr(), tx.hr());
        }
        assertTrue(a.storeSpec(Lead.STANDARD_12, org.heatbench.datasets.SplitPolicy.DEFAULT).provenance().source()
                .endsWith("dipole-dower-v2, T end by the tangent method"));
        assertEquals("HeatBench synthetic median beats, model dipole-dower-v2", b.storeSpec(Lead.STANDARD_12,
                org.heatbench.datasets.SplitPolicy.DEFAULT).provenance().source(), "as before the tangent definition");
        assertEquals(TEndDefinition.TANGENT, tangent.tEnd());
        assertEquals("tangent", tangent.asParameters().get("t_end"));
        assertEquals("threshold", threshold.asParameters().get("t_end"));
        assertFalse(GeneratorConfig.legacy(1, 1).asParameters().containsKey("t_end"), "v1 provenance unchanged");
        assertThrows(ConfigurationException.class, () -> GeneratorConfig.legacy(1, 1).withTEnd(TEndDefinition.TANGENT));
        assertEquals(TEndDefinition.THRESHOLD, TEndDefinition.parse("Threshold"));
        assertThrows(ConfigurationException.class, () -> TEndDefinition.parse("12sl"));
    }
}
