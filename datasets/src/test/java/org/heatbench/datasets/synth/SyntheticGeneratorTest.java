package org.heatbench.datasets.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model v1 ({@link GeneratorConfig#legacy}): its documented distributions, neighbouring beats and white noise are
 * kept byte for byte so that stores and models made with it stay reproducible. The default (v2) has its own tests in
 * {@link RealisticGeneratorTest}; the store-level tests here (Einthoven, thread and shard independence) run on the
 * default.
 */
class SyntheticGeneratorTest {
    private static final SyntheticEcgGenerator GEN = SyntheticEcgGenerator.of(GeneratorConfig.legacy(0, 1));

    @TempDir
    Path tmp;

    /**
     * The test's own reference: evaluate the placed waves of one group in continuous time (0.01 ms grid) and find
     * where the group's spatial magnitude crosses f × its peak. Independent of the renderer and the measurer.
     */
    static double[] impliedEdges(BeatDesign design, WaveGroup group) {
        List<Wave> waves = design.centredBeat().stream().filter(w -> w.group() == group).toList();
        double from = waves.stream().mapToDouble(Wave::supportStart).min().orElseThrow();
        double to = waves.stream().mapToDouble(Wave::supportEnd).max().orElseThrow();
        int n = (int) ((to - from) / 0.01) + 1;
        double[] m = new double[n];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double t = from + i * 0.01;
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
            peak = Math.max(peak, m[i]);
        }
        double threshold = design.onsetFraction() * peak;
        int first = 0;
        while (m[first] <= threshold) {
            first++;
        }
        int last = n - 1;
        while (m[last] <= threshold) {
            last--;
        }
        return new double[] {from + first * 0.01, from + last * 0.01};
    }

    @Test
    void intervalsMeasuredOnTheRenderedBeatAgreeWithThePlacedWavesWithin2ms() {
        double worstImplied = 0;
        double worstIntended = 0;
        for (long i = 0; i < 300; i++) {
            SyntheticBeat b = GEN.beat(i);
            Targets t = b.measurement().targets();
            double[] p = impliedEdges(b.design(), WaveGroup.P);
            double[] qrs = impliedEdges(b.design(), WaveGroup.QRS);
            double[] tw = impliedEdges(b.design(), WaveGroup.T);
            double[] diffs = {t.pr() - (qrs[0] - p[0]), t.qrs() - (qrs[1] - qrs[0]), t.qt() - (tw[1] - qrs[0])};
            for (double d : diffs) {
                worstImplied = Math.max(worstImplied, Math.abs(d));
            }
            BeatParameters bp = b.parameters();
            double[] intended = {t.pr() - bp.prMs(), t.qrs() - bp.qrsMs(), t.qt() - bp.qtMs()};
            for (double d : intended) {
                worstIntended = Math.max(worstIntended, Math.abs(d));
            }
            assertEquals(60000 / bp.rrMs(), t.hr(), 1e-9);
        }
        assertTrue(worstImplied < 2, "measured vs implied by the placed waves: " + worstImplied + " ms");
        assertTrue(worstIntended < 2, "measured vs intended parameters: " + worstIntended + " ms");
    }

    @Test
    void measuredTargetsFallInTheDocumentedRangesWithRealisticDistributions() {
        int n = 3000;
        int borderline = 0;
        double sumHr = 0;
        double[] rr = new double[n];
        double[] qt = new double[n];
        double[] onsets = new double[n];
        for (int i = 0; i < n; i++) {
            SyntheticBeat b = GEN.beat(i);
            Targets t = b.measurement().targets();
            Fiducials f = b.measurement().fiducials();
            String where = b.id() + " " + b.parameters().borderline() + " " + t;
            assertTrue(t.hr() >= 45 && t.hr() <= 110, where);
            assertTrue(t.pr() >= 100 && t.pr() <= 241, where);
            assertTrue(t.qrs() >= 65 && t.qrs() <= 126, where);
            assertTrue(t.qt() >= 270 && t.qt() <= 540, where);
            assertTrue(t.rAmpV5() >= 250 && t.rAmpV5() <= 2600, where);
            // signed: with a flat T wave the largest deflection after J can be a depressed ST segment
            assertTrue(t.tAmpV5() >= -80 && t.tAmpV5() <= 1000, where);
            assertTrue(t.stjV5() >= -80 && t.stjV5() <= 130, where);
            for (Fiducial fid : Fiducial.ALL) {
                assertTrue(f.isKnown(fid), where);
            }
            assertTrue(f.pOn() < f.pOff() && f.pOff() < f.qrsOn() && f.qrsOn() < f.rPeak() && f.rPeak() < f.qrsOff()
                    && f.qrsOff() < f.tOff() && f.tOff() < 600, where);
            borderline += b.parameters().borderline() == Borderline.NONE ? 0 : 1;
            if (b.parameters().borderline() == Borderline.NONE) {
                sumHr += t.hr();
            }
            rr[i] = 60000 / t.hr();
            qt[i] = t.qt();
            onsets[i] = f.qrsOn();
        }
        assertEquals(0.15, borderline / (double) n, 0.02);
        assertEquals(68, sumHr / (n - borderline), 1.0);
        assertTrue(correlation(rr, qt) > 0.3, "QT follows RR (Framingham)");
        assertEquals(218, mean(onsets), 0.5);
        assertEquals(4.5, Math.sqrt(variance(onsets)), 0.6);
    }

    @Test
    void tAmplitudeCorrelatesWithRAmplitude() {
        int n = 2000;
        double[] r = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            Targets x = GEN.beat(i).measurement().targets();
            r[i] = x.rAmpV5();
            t[i] = x.tAmpV5();
        }
        double c = correlation(r, t);
        assertTrue(c > 0.3 && c < 0.7, "corr(R, T) = " + c);
    }

    @Test
    void v5TargetsAreRecomputableFromTheNoiseFreeSignalAndTheFiducials() {
        for (long i = 0; i < 100; i++) {
            SyntheticBeat b = GEN.beat(i);
            EcgRecord clean = b.noiseFreeRecord(Lead.STANDARD_12);
            float[] v5 = clean.lead(Lead.V5);
            Fiducials f = clean.fiducials();
            Targets t = clean.targets();
            double base = v5[f.qrsOn()];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = f.qrsOn(); s <= f.qrsOff(); s++) {
                max = Math.max(max, v5[s]);
            }
            assertEquals(max - base, t.rAmpV5(), 0.01);
            assertEquals(v5[f.rPeak()] - base, t.rAmpV5(), 0.01);
            assertEquals(v5[f.qrsOff()] - base, t.stjV5(), 0.01);
            double deflection = 0;
            for (int s = f.qrsOff(); s <= f.tOff(); s++) {
                if (Math.abs(v5[s] - base) > Math.abs(deflection)) {
                    deflection = v5[s] - base;
                }
            }
            assertEquals(deflection, t.tAmpV5(), 0.01);
        }
    }

    @Test
    void noiseIsWhiteWithTheDrawnStandardDeviation() {
        for (long i = 0; i < 50; i++) {
            SyntheticBeat b = GEN.beat(i);
            float[] clean = b.noiseFree();
            float[] noisy = b.noisy();
            double[] d = new double[clean.length];
            for (int k = 0; k < d.length; k++) {
                d[k] = noisy[k] - clean[k];
            }
            double sd = Math.sqrt(variance(d));
            assertEquals(b.parameters().noiseSdUv(), sd, 0.05 * b.parameters().noiseSdUv());
            assertTrue(sd >= 4.5 && sd <= 10.5);
        }
    }

    @Test
    void theNextBeatShowsWhenRrIsShortSoTheRateIsVisible() {
        int checkedShort = 0;
        int checkedLong = 0;
        for (long i = 0; i < 3000 && (checkedShort < 20 || checkedLong < 20); i++) {
            SyntheticBeat b = GEN.beat(i);
            Fiducials f = b.measurement().fiducials();
            double[] v5 = new double[600];
            float[] clean = b.noiseFreeRecord(List.of(Lead.V5)).signal();
            for (int s = 0; s < 600; s++) {
                v5[s] = clean[s] - clean[f.qrsOn()];
            }
            int rr = (int) Math.round(b.parameters().rrMs() / 2);
            int nextR = f.rPeak() + rr;
            if (nextR + 3 < 600) {
                double peak = 0;
                for (int s = nextR - 3; s <= nextR + 3; s++) {
                    peak = Math.max(peak, v5[s]);
                }
                assertEquals(b.measurement().targets().rAmpV5(), peak, 0.15 * b.measurement().targets().rAmpV5(),
                        b.id() + ": the next R wave should appear at sample " + nextR);
                checkedShort++;
            } else if (f.pOn() + rr > 620) {
                // no next-beat P wave: after the T wave the window's end stays on the isoelectric line (0 µV;
                // note the QRS-onset baseline itself sits at the onset threshold, not at 0)
                for (int s = f.tOff() + 20; s < 600; s++) {
                    assertTrue(Math.abs(clean[s]) < 5, b.id() + " sample " + s + " = " + clean[s]);
                }
                checkedLong++;
            }
        }
        assertTrue(checkedShort >= 20 && checkedLong >= 20, checkedShort + " / " + checkedLong);
    }

    /**
     * Model v1 is unchanged by model v2's additions: the SHA-256 of records 0–199 (noisy float32 signals, QT and T
     * amplitude) equals the digest computed with the generator as released before v2 (commit 00b4555).
     */
    @Test
    void modelV1OutputIsByteIdenticalToItsRelease() throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        for (long i = 0; i < 200; i++) {
            SyntheticBeat b = GEN.beat(i);
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(b.noisy().length * 4 + 64);
            for (float v : b.noisy()) {
                bb.putFloat(v);
            }
            bb.putDouble(b.measurement().targets().qt()).putDouble(b.measurement().targets().tAmpV5());
            md.update(bb.array());
        }
        assertEquals("5103167008bc5dacdfd21727c4fb852746c1c6e9690ea47d4997ddf877fca508",
                java.util.HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void storedLimbLeadsSatisfyEinthovenExactly() {
        Path dir = tmp.resolve("e");
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(GeneratorConfig.defaults(40, 3));
        try (StoreWriter w = StoreWriter.create(dir, g.storeSpec(Lead.STANDARD_12, SplitPolicy.DEFAULT)
                .withShardSize(16), false)) {
            g.generate(w, 2);
        }
        try (EcgStore store = EcgStore.open(dir)) {
            EcgBatch b = store.read(0, 40);
            for (int r = 0; r < 40; r++) {
                for (int t = 0; t < 600; t++) {
                    float i = b.sample(r, 0, t);
                    float ii = b.sample(r, 1, t);
                    assertEquals(Float.floatToIntBits(ii - i), Float.floatToIntBits(b.sample(r, 2, t)));
                    assertEquals(Float.floatToIntBits(-(i + ii) / 2f), Float.floatToIntBits(b.sample(r, 3, t)));
                    assertEquals(Float.floatToIntBits(i - ii / 2f), Float.floatToIntBits(b.sample(r, 4, t)));
                    assertEquals(Float.floatToIntBits(ii - i / 2f), Float.floatToIntBits(b.sample(r, 5, t)));
                }
            }
            assertEquals(GEN.beat(0).id(), b.id(0));
        }
    }

    private Path generate(String name, long seed, int threads, int shardSize, int n) {
        Path dir = tmp.resolve(name);
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(GeneratorConfig.defaults(n, seed));
        StoreSpec spec = g.storeSpec(Lead.STANDARD_12, SplitPolicy.DEFAULT).withShardSize(shardSize);
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            g.generate(w, threads);
        }
        return dir;
    }

    @Test
    void sameSeedGivesIdenticalBytesWithOneOrTwoThreadsAndAnyShardSize() throws IOException {
        Path one = generate("one", 11, 1, 16, 70);
        Path two = generate("two", 11, 2, 16, 70);
        try (Stream<Path> files = Files.list(one)) {
            for (Path f : files.sorted().toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(two.resolve(f.getFileName())),
                        f.getFileName().toString());
            }
        }
        Path otherShards = generate("shards", 11, 2, 25, 70);
        Path otherSeed = generate("seed", 12, 2, 16, 70);
        try (EcgStore a = EcgStore.open(one); EcgStore b = EcgStore.open(otherShards);
                EcgStore c = EcgStore.open(otherSeed)) {
            EcgBatch x = a.read(0, 70);
            EcgBatch y = b.read(0, 70);
            assertArrayEquals(x.signals(), y.signals());
            for (int i = 0; i < 70; i++) {
                assertEquals(x.record(i), y.record(i));
                assertEquals(x.split(i), y.split(i));
            }
            assertNotEquals(x.record(0), c.read(0, 1).record(0));
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
