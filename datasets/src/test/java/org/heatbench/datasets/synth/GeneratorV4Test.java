package org.heatbench.datasets.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.junit.jupiter.api.Test;

/**
 * Model v4: the wide-QRS family's full QRS body ({@link QrsBody}), wider QRS range and dispersed T wave
 * ({@link TDispersion}). Its complexes and T waves must move towards what real wide-QRS medians show (the calibration
 * figures in those classes); the labels must stay the edges and tangent end of the placed waves; every other family,
 * and v3 itself, must stay as they were.
 */
class GeneratorV4Test {
    private static final SyntheticEcgGenerator V3 = SyntheticEcgGenerator.of(GeneratorConfig.defaults(0, 1));
    private static final SyntheticEcgGenerator V4 = SyntheticEcgGenerator.of(GeneratorConfig.v4(0, 1));
    private static final double DT = 2;

    @Test
    void v3StoresAreUntouched() throws Exception {
        assertEquals(GeneratorConfig.MODEL_V3, V3.config().model());
        // SHA-256 of v3's first 50 beats (12-lead signals and targets, seed 1) as the code before model v4 made them
        // (commit 1059461; same digest as GeneratorV3Test's v2 pin)
        assertEquals("83394f1be363b941cb75390eda9e7f69bca505cdacfcd6012b527aacd02e466f", GeneratorV3Test.digest(V3, 50));
    }

    @Test
    void onlyTheWideFamilyChangesAndItsTWavesEndLater() {
        int wide = 0;
        for (long i = 0; i < 600; i++) {
            SyntheticBeat a = V3.beat(i);
            SyntheticBeat b = V4.beat(i);
            BeatParameters p = b.parameters();
            // v4 draws after everything v3 draws: the same patient outside the wide family
            if (p.qrsBody().equals(QrsBody.NARROW)) {
                assertFalse(p.tDispersion().present(), b.id());
                assertEquals(a.parameters().qtMs(), p.qtMs(), 0, b.id());
                assertArrayEquals(a.noiseFree(), b.noiseFree(), b.id());
                assertEquals(a.measurement().targets(), b.measurement().targets(), b.id());
                continue;
            }
            wide++;
            assertTrue(a.parameters().qrsMs() >= 120, b.id() + " is not in v3's wide family");
            assertTrue(p.qrsMs() >= 120 && p.qrsMs() <= 170, b.id() + ": QRS " + p.qrsMs());
            // QT keeps v2's relation to the QRS: 0.8 ms per ms of QRS
            assertEquals(a.parameters().qtMs() + 0.8 * (p.qrsMs() - a.parameters().qrsMs()), p.qtMs(), 1e-9, b.id());
            if (p.tDispersion().present()) {
                // the late T component alone moves the labelled T end later, the T peak staying
                BeatParameters single = p.withTDispersion(TDispersion.NONE);
                Targets without = new BeatMeasurer(Math.exp(-4.5), TEndDefinition.TANGENT)
                        .measure(RenderedBeat.render(BeatDesign.place(single, 1200, Math.exp(-4.5), false), 500, 600),
                                p.rrMs()).targets();
                Targets with = b.measurement().targets();
                assertTrue(with.qt() > without.qt() + 5, b.id() + ": QT " + without.qt() + " -> " + with.qt());
                assertEquals(without.qrs(), with.qrs(), 1e-9, b.id());
                // the drawn T amplitude is the summed T wave's peak, as for a single T wave
                assertEquals(Math.abs(without.tAmpV5()), Math.abs(with.tAmpV5()),
                        0.15 * Math.abs(without.tAmpV5()) + 20, b.id());
            }
        }
        // 8% of records are in the wide family
        assertTrue(wide > 25 && wide < 75, "wide records: " + wide + " of 600");
    }

    @Test
    void qrsLabelsAreTheEdgesOfThePlacedWaves() {
        int checked = 0;
        for (long i = 0; checked < 60; i++) {
            SyntheticBeat b = V4.beat(i);
            if (b.parameters().qrsBody().equals(QrsBody.NARROW)) {
                continue;
            }
            double[] edges = SyntheticGeneratorTest.impliedEdges(b.design(), WaveGroup.QRS);
            assertEquals(edges[1] - edges[0], b.measurement().targets().qrs(), 0.5, b.id());
            checked++;
        }
    }

    @Test
    void wideQrsComplexesAreFullAsRealOnesAre() {
        // noise-free QRS-group magnitude over the labelled QRS: share above half the peak, time to a quarter of it
        List<double[]> v3 = new ArrayList<>();
        List<double[]> v4 = new ArrayList<>();
        for (long i = 0; v4.size() < 150; i++) {
            SyntheticBeat b = V4.beat(i);
            if (!b.parameters().qrsBody().equals(QrsBody.NARROW)) {
                v3.add(fullness(V3.beat(i)));
                v4.add(fullness(b));
            }
        }
        // LUDB (models/README.md, "Caveats"): above half 0.39 / 0.48, quarter reached after 34 / 22 ms (odd / even)
        assertTrue(median(v3, 0) < 0.36 && median(v3, 1) > 38, "v3: " + median(v3, 0) + ", " + median(v3, 1));
        assertTrue(median(v4, 0) > 0.38 && median(v4, 0) < 0.55, "v4 above half: " + median(v4, 0));
        assertTrue(median(v4, 1) > 20 && median(v4, 1) < 36, "v4 to a quarter: " + median(v4, 1) + " ms");
    }

    @Test
    void theLabelIsTheTangentEndOfThePlacedWaves() {
        int checked = 0;
        for (long i = 0; checked < 60; i++) {
            SyntheticBeat b = V4.beat(i);
            if (!b.parameters().tDispersion().present()) {
                continue;
            }
            double qrsOn = SyntheticGeneratorTest.impliedEdges(b.design(), WaveGroup.QRS)[0];
            double tangent = TangentTEndTest.continuousTangentEnd(b.design()) - qrsOn;
            assertEquals(tangent, b.measurement().targets().qt(), 1, b.id());
            checked++;
        }
    }

    @Test
    void wideQrsTWavesBroadenAsRealWideQrsMediansDo() {
        // noise-free T-group magnitude of the wide family: right half-width at half maximum and peak -> labelled end
        List<double[]> v3 = new ArrayList<>();
        List<double[]> v4 = new ArrayList<>();
        for (long i = 0; v4.size() < 150; i++) {
            SyntheticBeat b = V4.beat(i);
            if (b.parameters().tDispersion().present()) {
                v3.add(shape(V3.beat(i)));
                v4.add(shape(b));
            }
        }
        double w50v3 = median(v3, 0);
        double w50v4 = median(v4, 0);
        double endV3 = median(v3, 1);
        double endV4 = median(v4, 1);
        // LUDB-odd (9 medians, QRS >= 120 ms): half-width 63 ms, peak -> expert end 107 ms; v3 drew 47 and 77 ms
        // (docs/SYNTHESIS.md, "Model v4"). The noise-free group is measured here, so the bounds are the model's own.
        assertTrue(w50v3 < 50 && endV3 < 85, "v3 wide family: half-width " + w50v3 + ", peak->end " + endV3);
        assertTrue(w50v4 > 52 && w50v4 < 72, "v4 half-width " + w50v4);
        assertTrue(endV4 > 90 && endV4 < 115, "v4 peak -> end " + endV4);
    }

    @Test
    void everyRecordKeepsAMeasurableTEndEvenAtTheLongestQt() {
        for (long i = 0; i < 3000; i++) {
            SyntheticBeat b = V4.beat(i);
            if (b.parameters().tDispersion().present()) {
                assertTrue(Double.isFinite(b.measurement().targets().qt()), b.id());
                assertTrue(b.measurement().fiducials().tOff() > 0, b.id());
            }
        }
        // long QTs: the late component is narrowed, then brought forward, so that peak + 3σ stays within 600 ms of the
        // QRS onset (main T peak at QT - Tpeak->end, σ = width factor × (Tpeak->end) / 2) — or dropped
        TDispersion narrowed = RealisticSampler.fitted(480, 90, new TDispersion(60, 0.5, 2.0));
        assertEquals(60, narrowed.delayMs(), 1e-9);
        assertEquals((600 - 390 - 60) / 135.0, narrowed.widthFactor(), 1e-9);
        TDispersion forward = RealisticSampler.fitted(520, 100, new TDispersion(60, 0.5, 2.0));
        assertEquals(1, forward.widthFactor(), 1e-9);
        assertEquals(30, forward.delayMs(), 1e-9);
        assertFalse(RealisticSampler.fitted(580, 120, new TDispersion(60, 0.5, 2.0)).present());
        assertEquals(new TDispersion(40, 0.4, 1.5), RealisticSampler.fitted(400, 80, new TDispersion(40, 0.4, 1.5)));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(ConfigurationException.class, () -> new TDispersion(30, 1.0, 1.5));
        assertThrows(ConfigurationException.class, () -> new TDispersion(30, 0.5, 0.5));
        assertThrows(ConfigurationException.class, () -> new TDispersion(Double.NaN, 0.5, 1.5));
        assertThrows(ConfigurationException.class, () -> new QrsBody(0.9, 0.3));
        assertThrows(ConfigurationException.class, () -> new QrsBody(1.2, 1.0));
        assertThrows(ConfigurationException.class, () -> new QrsBody(Double.NaN, 0.3));
        assertThrows(ConfigurationException.class,
                () -> GeneratorConfig.v4(1, 1).withTEnd(TEndDefinition.THRESHOLD));
        BeatParameters p = V4.beat(0).parameters().withTDispersion(new TDispersion(30, 0.5, 1.5));
        BeatParameters threshold = new BeatParameters(p.male(), p.borderline(), p.rrMs(), p.qrsOnsetMs(), p.prMs(),
                p.pDurationMs(), p.qrsMs(), p.qtMs(), p.qtcMs(), p.tPeakToEndMs(), p.rAmpV5Uv(), p.tAmpV5Uv(),
                p.stjV5Uv(), p.pAmpUv(), p.qRatio(), p.sRatio(), p.qrsSigmaDivisor(), p.tLeftRatio(), p.dirP(),
                p.dirQ(), p.dirR(), p.dirS(), p.dirT(), p.noiseSdUv(), p.rPrimeRatio(), p.dirRPrime(), p.uRatio(),
                p.artefacts(), p.taRatio(), p.taDurationMs(), false, p.uSigmaMs(), p.nextP(), p.tDispersion(),
                p.qrsBody());
        assertThrows(IllegalArgumentException.class, () -> BeatDesign.place(threshold, 1200, Math.exp(-4.5), false));
    }

    @Test
    void theSumOfBothComponentsPeaksAtOne() {
        // closed form where the late component sits far away: the peak is the main one's, 1
        assertEquals(1, BeatDesign.peakOfSum(60, 30, new TDispersion(400, 0.5, 1.0)), 1e-9);
        // on top of each other (delay 0): 1 + ratio
        assertEquals(1.4, BeatDesign.peakOfSum(60, 30, new TDispersion(0, 0.4, 1.3)), 1e-9);
        // in between: the maximum of the sum, checked against a fine independent scan
        double best = 0;
        for (int k = 0; k <= 400_000; k++) {
            double t = k * 1e-4;
            best = Math.max(best, Math.exp(-t * t / 1800) + 0.5 * Math.exp(-Math.pow((t - 40) / 45, 2) / 2));
        }
        assertEquals(best, BeatDesign.peakOfSum(60, 30, new TDispersion(40, 0.5, 1.5)), 1e-6);
    }

    /** {share of the labelled QRS above half the peak, ms from the onset to a quarter of it} of the noise-free QRS. */
    private static double[] fullness(SyntheticBeat b) {
        double[] m = RenderedBeat.render(b.design(), 500, 600).groupMagnitude(WaveGroup.QRS);
        int on = (int) Math.round(b.measurement().qrsOnMs() / DT);
        int off = (int) Math.round(b.measurement().qrsOffMs() / DT);
        double peak = 0;
        for (int k = on; k <= off; k++) {
            peak = Math.max(peak, m[k]);
        }
        int above = 0;
        int quarter = -1;
        for (int k = on; k <= off; k++) {
            above += m[k] > 0.5 * peak ? 1 : 0;
            quarter = quarter < 0 && m[k] > 0.25 * peak ? k : quarter;
        }
        return new double[] {above / (off - on + 1.0), (quarter - on) * DT};
    }

    /** {right half-width at half maximum, peak -> labelled T end} of the noise-free T group, ms. */
    private static double[] shape(SyntheticBeat b) {
        RenderedBeat r = RenderedBeat.render(b.design(), 500, 600);
        double[] m = r.groupMagnitude(WaveGroup.T);
        double qrsOn = b.measurement().qrsOnMs();
        int lo = (int) Math.ceil((qrsOn + b.measurement().targets().qrs() + 60) / DT);
        int pk = lo;
        for (int k = lo; k < m.length; k++) {
            if (m[k] > m[pk]) {
                pk = k;
            }
        }
        int k = pk;
        while (m[k + 1] >= 0.5 * m[pk]) {
            k++;
        }
        double half = (k - pk + (m[k] - 0.5 * m[pk]) / (m[k] - m[k + 1])) * DT;
        return new double[] {half, qrsOn + b.measurement().targets().qt() - pk * DT};
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
