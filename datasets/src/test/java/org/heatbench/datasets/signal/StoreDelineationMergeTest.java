package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreDelineation}'s merge rule: the R peak and the targets are measured at the boundaries that end up
 * stored, so a stored {@code r_peak} is the V5 maximum within the stored [{@code qrs_on}, {@code qrs_off}] even where
 * annotated (or kept device) QRS boundaries differ from the delineator's; annotated values never change; the
 * filled / replaced counts match what changed.
 *
 * <p>Fixture: synthetic medians whose input QRS window is [delineator's QRS on − 4, delineator's R peak − 3], so the
 * delineator's own R peak lies outside it and V5's maximum inside it is another sample (found by a plain scan here).
 * Records: A annotated P/QRS/T boundaries with the measured R peak at that window (a WFDB one-beat record);
 * B annotated QRS only, R peak unknown; C annotated QRS onset only; D device QRS boundaries with a measured R peak
 * and a measured R amplitude (a MUSE record without a measurement matrix).
 */
class StoreDelineationMergeTest {
    private static final int RATE = 500;
    private static final int RECORDS = 4;
    private static final int QON = Fiducial.QRS_ON.ordinal();
    private static final int QOFF = Fiducial.QRS_OFF.ordinal();
    private static final int RP = Fiducial.R_PEAK.ordinal();

    @TempDir
    Path tmp;

    private final EcgRecord[] beats = new EcgRecord[RECORDS];
    /** The delineator's own boundaries on each beat, and its R peak (V5 maximum within its own QRS). */
    private final Delineation[] own = new Delineation[RECORDS];
    private final int[] ownPeak = new int[RECORDS];
    /** The input's QRS window and V5's maximum within it. */
    private final int[][] window = new int[RECORDS][2];
    private final int[] inputPeak = new int[RECORDS];

    /** V5's maximum over [from, to] by a plain scan of the signal (the first of equal values). */
    private static int v5Max(EcgRecord r, int from, int to) {
        int off = r.leads().indexOf(Lead.V5) * r.samples();
        int best = from;
        for (int i = from; i <= to; i++) {
            best = r.signal()[off + i] > r.signal()[off + best] ? i : best;
        }
        return best;
    }

    private static float v5(EcgRecord r, int i) {
        return r.signal()[r.leads().indexOf(Lead.V5) * r.samples() + i];
    }

    @BeforeEach
    void beats() {
        for (int i = 0; i < RECORDS; i++) {
            beats[i] = SyntheticEcgs.median(i).record(Lead.STANDARD_12);
            own[i] = Delineator.standard().delineate(Recording.of(beats[i], RATE), Double.NaN);
            assertTrue(own[i].qrsOn() >= 4 && own[i].qrsOff() > own[i].qrsOn() && own[i].pOn() >= 3
                    && own[i].tOff() > own[i].qrsOff(), "the fixture needs a delineated beat: " + own[i]);
            ownPeak[i] = v5Max(beats[i], own[i].qrsOn(), own[i].qrsOff());
            window[i] = new int[] {own[i].qrsOn() - 4, ownPeak[i] - 3};
            assertTrue(window[i][1] > window[i][0], "record " + i + ": the R peak is late enough in the QRS");
            inputPeak[i] = v5Max(beats[i], window[i][0], window[i][1]);
            assertNotEquals(ownPeak[i], inputPeak[i], "record " + i + ": the two R peaks differ");
        }
    }

    private static StoreSpec spec(int samples) {
        return StoreSpec.of(Lead.STANDARD_12, RATE, samples).withShardSize(16)
                .withProvenance(new Provenance("import", StoreSpec.tool(), "test", Map.of()));
    }

    private Path store(String name) {
        Path dir = tmp.resolve(name);
        try (StoreWriter w = StoreWriter.create(dir, spec(beats[0].samples()), false)) {
            for (int i = 0; i < RECORDS; i++) {
                EcgRecord b = beats[i];
                int on = window[i][0];
                int off = window[i][1];
                Fiducials f;
                Targets t = Targets.MISSING;
                ValueSources s = ValueSources.DEFAULT;
                switch (i) {
                    case 0 -> {
                        f = new Fiducials(own[i].pOn() - 3, own[i].pOff(), on, off, own[i].tOff() + 5, inputPeak[i]);
                        for (Fiducial x : Fiducial.ALL) {
                            s = s.with(x, x == Fiducial.R_PEAK ? ValueSource.MEASURED : ValueSource.ANNOTATED);
                        }
                    }
                    case 1 -> {
                        f = new Fiducials(-1, -1, on, off, -1, -1);
                        s = s.with(Fiducial.QRS_ON, ValueSource.ANNOTATED).with(Fiducial.QRS_OFF, ValueSource.ANNOTATED);
                    }
                    case 2 -> {
                        f = new Fiducials(-1, -1, on, -1, -1, -1);
                        s = s.with(Fiducial.QRS_ON, ValueSource.ANNOTATED);
                    }
                    default -> { // device boundaries (the writer's default source), measured R peak and amplitude
                        f = new Fiducials(-1, -1, on, off, -1, inputPeak[i]);
                        t = t.with(Target.R_AMP_V5, v5(b, inputPeak[i]) - v5(b, on));
                        s = s.with(Fiducial.R_PEAK, ValueSource.MEASURED).with(Target.R_AMP_V5, ValueSource.MEASURED);
                    }
                }
                w.append(new EcgRecord(b.id(), b.leads(), b.samples(), b.signal(), t, f), null, s);
            }
            w.finish();
        }
        return dir;
    }

    /** Values and sources of every record: {fiducials [n][6], fiducial sources, targets [n][7], target sources}. */
    private record Snapshot(int[][] f, byte[][] fs, double[][] t, byte[][] ts) {
        static Snapshot of(Path dir) {
            int n;
            try (EcgStore s = EcgStore.open(dir)) {
                n = s.size();
            }
            byte[][][] src = StoreDelineation.readSources(dir.resolve("shard-00000.h5"), n);
            int[][] f = new int[n][];
            double[][] t = new double[n][];
            try (EcgStore s = EcgStore.open(dir)) {
                for (int i = 0; i < n; i++) {
                    f[i] = s.fiducials(i).toArray();
                    t[i] = s.targets(i).toArray();
                }
            }
            return new Snapshot(f, src[1], t, src[0]);
        }

        ValueSource fSource(int i, Fiducial x) {
            return ValueSource.of(fs[i][x.ordinal()]);
        }

        ValueSource tSource(int i, Target x) {
            return ValueSource.of(ts[i][x.ordinal()]);
        }
    }

    /** The counts the summary must report, from what changed: {filled, replaced}. */
    private static long[] changes(Snapshot before, Snapshot after) {
        long filled = 0;
        long replaced = 0;
        for (int i = 0; i < before.f.length; i++) {
            for (int k = 0; k < Fiducial.ALL.size(); k++) {
                ValueSource was = ValueSource.of(before.fs[i][k]);
                boolean changed = before.f[i][k] != after.f[i][k] || before.fs[i][k] != after.fs[i][k];
                filled += was == ValueSource.UNKNOWN && after.f[i][k] >= 0 ? 1 : 0;
                replaced += changed && (was == ValueSource.DEVICE || was == ValueSource.MEASURED) ? 1 : 0;
            }
            for (int k = 0; k < Target.ALL.size(); k++) {
                ValueSource was = ValueSource.of(before.ts[i][k]);
                boolean changed = Double.compare(before.t[i][k], after.t[i][k]) != 0 || before.ts[i][k] != after.ts[i][k];
                filled += was == ValueSource.UNKNOWN && !Double.isNaN(after.t[i][k]) ? 1 : 0;
                replaced += changed && (was == ValueSource.DEVICE || was == ValueSource.MEASURED) ? 1 : 0;
            }
        }
        return new long[] {filled, replaced};
    }

    /** Every stored R peak lies within the stored QRS and is V5's maximum there; annotated values are unchanged. */
    private void assertConsistent(Snapshot before, Snapshot after) {
        for (int i = 0; i < RECORDS; i++) {
            int[] f = after.f[i];
            assertTrue(f[RP] >= f[QON] && f[RP] <= f[QOFF], "record " + i + ": r_peak " + f[RP] + " outside ["
                    + f[QON] + ", " + f[QOFF] + "]");
            assertEquals(v5Max(beats[i], f[QON], f[QOFF]), f[RP], "record " + i + ": r_peak is V5's maximum");
            // R amplitude and ST-J rest on the stored QRS: baseline at the stored onset, J at the stored offset
            assertEquals(v5(beats[i], f[RP]) - v5(beats[i], f[QON]), after.t[i][Target.R_AMP_V5.ordinal()], 1e-3,
                    "record " + i + " r_amp_v5");
            assertEquals(v5(beats[i], f[QOFF]) - v5(beats[i], f[QON]), after.t[i][Target.STJ_V5.ordinal()], 1e-3,
                    "record " + i + " stj_v5");
            assertEquals((f[QOFF] - f[QON]) * 1000.0 / RATE, after.t[i][Target.QRS.ordinal()], 1e-9,
                    "record " + i + " qrs");
            for (int k = 0; k < Fiducial.ALL.size(); k++) {
                if (before.fs[i][k] == ValueSource.ANNOTATED.code()) {
                    assertEquals(before.f[i][k], f[k], "record " + i + " annotated " + Fiducial.ALL.get(k).key());
                    assertEquals(ValueSource.ANNOTATED.code(), after.fs[i][k]);
                }
            }
        }
    }

    @Test
    void withoutOverwriteTheRPeakIsMeasuredWithinTheKeptQrs() {
        Path dir = store("keep");
        Snapshot before = Snapshot.of(dir);
        StoreDelineation.Summary s = StoreDelineation.run(dir, false, Delineator.standard(), Map.of());
        Snapshot after = Snapshot.of(dir);
        assertConsistent(before, after);
        long[] c = changes(before, after);
        assertEquals(c[0], s.filled(), "filled");
        assertEquals(0, s.replaced(), "nothing replaced without --overwrite-device");
        assertEquals(0, c[1]);
        for (int i : new int[] {0, 1, 3}) {
            assertEquals(inputPeak[i], after.f[i][RP], "record " + i + ": the V5 maximum within the input's QRS");
            assertEquals(ValueSource.MEASURED, after.fSource(i, Fiducial.R_PEAK), "record " + i);
        }
        // B: the R peak was unknown; it rests only on annotated boundaries -> measured, as are QRS and the amplitudes
        assertEquals(ValueSource.MEASURED, after.tSource(1, Target.R_AMP_V5));
        assertEquals(ValueSource.MEASURED, after.tSource(1, Target.QRS));
        // ... PR rests on a delineated P onset too -> delineated; its QRS onset is the annotated one
        assertEquals(ValueSource.DELINEATED, after.tSource(1, Target.PR));
        assertEquals((window[1][0] - after.f[1][Fiducial.P_ON.ordinal()]) * 1000.0 / RATE,
                after.t[1][Target.PR.ordinal()], 1e-9);
        // C: annotated onset, delineated offset -> the R peak rests on a delineated boundary
        assertEquals(window[2][0], after.f[2][QON]);
        assertEquals(own[2].qrsOff(), after.f[2][QOFF]);
        assertEquals(ValueSource.DELINEATED, after.fSource(2, Fiducial.R_PEAK));
        // D: the device's boundaries and the measured amplitude stay
        assertEquals(ValueSource.DEVICE, after.fSource(3, Fiducial.QRS_ON));
        assertEquals(before.t[3][Target.R_AMP_V5.ordinal()], after.t[3][Target.R_AMP_V5.ordinal()]);
        assertEquals(ValueSource.MEASURED, after.tSource(3, Target.R_AMP_V5));
    }

    @Test
    void withOverwriteAnAnnotatedQrsKeepsItsRPeakAndADeviceQrsGivesWayToTheDelineators() {
        Path dir = store("overwrite");
        Snapshot before = Snapshot.of(dir);
        StoreDelineation.Summary s = StoreDelineation.run(dir, true, Delineator.standard(), Map.of());
        Snapshot after = Snapshot.of(dir);
        assertConsistent(before, after);
        long[] c = changes(before, after);
        assertEquals(c[0], s.filled(), "filled");
        assertEquals(c[1], s.replaced(), "replaced");
        // A and B: the annotated QRS stays, so the R peak is (re-)measured within it: same sample, source measured;
        // A's was that already, which is no replacement
        for (int i : new int[] {0, 1}) {
            assertEquals(window[i][0], after.f[i][QON]);
            assertEquals(window[i][1], after.f[i][QOFF]);
            assertEquals(inputPeak[i], after.f[i][RP], "record " + i);
            assertEquals(ValueSource.MEASURED, after.fSource(i, Fiducial.R_PEAK), "record " + i);
        }
        // D: device QRS, measured R peak and amplitude all replaced by the delineator's (2 + 1 + 1)
        assertEquals(own[3].qrsOn(), after.f[3][QON]);
        assertEquals(own[3].qrsOff(), after.f[3][QOFF]);
        assertEquals(ownPeak[3], after.f[3][RP]);
        for (Fiducial x : new Fiducial[] {Fiducial.QRS_ON, Fiducial.QRS_OFF, Fiducial.R_PEAK}) {
            assertEquals(ValueSource.DELINEATED, after.fSource(3, x), x.key());
        }
        assertEquals(ValueSource.DELINEATED, after.tSource(3, Target.R_AMP_V5));
        assertEquals(4, s.replaced(), "only record D's device and measured values are replaced");

        // again: nothing changes, nothing is counted (a measured R peak re-measured at the same QRS is no replacement)
        StoreDelineation.Summary again = StoreDelineation.run(dir, true, Delineator.standard(), Map.of());
        Snapshot third = Snapshot.of(dir);
        assertEquals(0, again.filled() + again.replaced());
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(java.util.Arrays.toString(after.f[i]), java.util.Arrays.toString(third.f[i]));
            assertEquals(java.util.Arrays.toString(after.t[i]), java.util.Arrays.toString(third.t[i]));
        }
    }

    @Test
    void keptAndNewBoundariesOutOfOrderGiveNoNegativeIntervalAndNoRPeak() {
        // an annotated QRS onset after the delineator's QRS offset, the offset itself unknown
        EcgRecord b = beats[0];
        int on = own[0].qrsOff() + 5;
        Path dir = tmp.resolve("disordered");
        try (StoreWriter w = StoreWriter.create(dir, spec(b.samples()), false)) {
            w.append(new EcgRecord(b.id(), b.leads(), b.samples(), b.signal(), Targets.MISSING,
                    new Fiducials(-1, -1, on, -1, -1, -1)), null,
                    ValueSources.DEFAULT.with(Fiducial.QRS_ON, ValueSource.ANNOTATED));
            w.finish();
        }
        Snapshot before = Snapshot.of(dir);
        StoreDelineation.Summary s = StoreDelineation.run(dir, true, Delineator.standard(), Map.of());
        Snapshot after = Snapshot.of(dir);
        assertEquals(on, after.f[0][QON]);
        assertEquals(ValueSource.ANNOTATED, after.fSource(0, Fiducial.QRS_ON));
        assertEquals(own[0].qrsOff(), after.f[0][QOFF], "the delineator's offset fills the unknown one");
        assertEquals(-1, after.f[0][RP], "no R peak in a QRS that ends before it begins");
        for (Target t : new Target[] {Target.QRS, Target.R_AMP_V5, Target.STJ_V5, Target.T_AMP_V5}) {
            assertTrue(Double.isNaN(after.t[0][t.ordinal()]), t.key());
            assertEquals(ValueSource.UNKNOWN, after.tSource(0, t), t.key());
        }
        // PR and QT rest on boundaries in order: measured at the annotated onset
        assertEquals((on - own[0].pOn()) * 1000.0 / RATE, after.t[0][Target.PR.ordinal()], 1e-9);
        assertEquals((own[0].tOff() - on) * 1000.0 / RATE, after.t[0][Target.QT.ordinal()], 1e-9);
        long[] c = changes(before, after);
        assertEquals(c[0], s.filled());
        assertEquals(c[1], s.replaced());
    }
}
