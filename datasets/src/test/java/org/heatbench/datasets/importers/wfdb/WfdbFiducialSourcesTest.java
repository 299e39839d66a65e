package org.heatbench.datasets.importers.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.signal.Delineator;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A median-length WFDB record written by the test (leads II and V5, one beat annotated on lead II in LUDB's
 * layout): its fiducials are stored as annotated, its R peak is HeatBench's (V5's maximum within the annotated QRS,
 * a different sample than lead II's annotated {@code N}) and stored as measured; {@code dataset delineate} keeps the
 * annotated ones even when overwriting device values.
 */
class WfdbFiducialSourcesTest {
    private static final int N = 600;
    private static final int RATE = 500;
    /** Lead II's annotation: P (100, 120, 140), QRS (200, N 220, 245), T (300, 360, 400). */
    private static final int[] ANNOTATED = {100, 140, 200, 245, 400};
    private static final int II_PEAK = 220;
    /** V5's R wave peaks here, 12 samples after lead II's annotated peak, inside [QRS on, QRS off]. */
    private static final int V5_PEAK = 232;

    @TempDir
    Path tmp;

    private static double gauss(int i, double centre, double sigma, double amp) {
        double z = (i - centre) / sigma;
        return amp * Math.exp(-0.5 * z * z);
    }

    /**
     * Lead II: P, QRS peaking at the annotated N, T. V5: an R wave at {@link #V5_PEAK} and a T wave larger than the
     * R wave (so that a maximum taken outside [QRS on, QRS off] would land on the T wave). µV, one ADC unit each.
     */
    private static int[][] signals(boolean withV5) {
        int[] ii = new int[N];
        int[] v5 = new int[N];
        for (int i = 0; i < N; i++) {
            ii[i] = (int) Math.round(gauss(i, 120, 8, 150) + gauss(i, II_PEAK, 6, 1000) + gauss(i, 360, 20, 300));
            v5[i] = (int) Math.round(gauss(i, 120, 8, 80) + gauss(i, II_PEAK, 4, -300) + gauss(i, V5_PEAK, 5, 1200)
                    + gauss(i, 350, 20, 1500));
        }
        return withV5 ? new int[][] {ii, v5} : new int[][] {ii};
    }

    private Path writeRecord(String name, boolean withV5) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        int[][] v = signals(withV5);
        StringBuilder hea = new StringBuilder(name + " " + v.length + " " + RATE + " " + N + "\n");
        String[] leads = {"ii", "v5"};
        for (int k = 0; k < v.length; k++) {
            hea.append(name).append(".dat 16 1000 16 0 ").append(v[k][0]).append(' ')
                    .append(WfdbFormatsTest.checksum(v[k])).append(" 0 ").append(leads[k]).append('\n');
        }
        Files.writeString(dir.resolve(name + ".hea"), hea.toString(), StandardCharsets.US_ASCII);
        Files.write(dir.resolve(name + ".dat"), WfdbFormatsTest.encode(16, v));
        // '(' 39, ')' 40, p 24, N 1, t 27 — MIT annotation words: code << 10 | sample increment
        int[][] marks = {{39, 100}, {24, 120}, {40, 140}, {39, 200}, {1, II_PEAK}, {40, 245}, {39, 300}, {27, 360},
            {40, 400}};
        Files.write(dir.resolve(name + ".ii"), WfdbFormatsTest.annotationFile(marks));
        return dir.resolve(name + ".hea");
    }

    private static SourceRecord read(Path hea) {
        List<SourceItem> items = new ArrayList<>();
        new WfdbSource(hea, WfdbSource.ChecksumPolicy.REJECT).forEach(items::add);
        assertEquals(1, items.size());
        return assertInstanceOf(SourceItem.Accepted.class, items.get(0), items.get(0)::toString).record();
    }

    /** @return {fiducials [6], fiducial source codes [6]} of the store's only record */
    private static int[][] stored(Path store) {
        StoreManifest m = StoreManifest.read(store);
        byte[][] codes = StoreDelineation.readSources(store.resolve(m.shards().get(0).file()), 1)[1];
        int[] src = new int[codes[0].length];
        for (int k = 0; k < src.length; k++) {
            src[k] = codes[0][k];
        }
        try (EcgStore s = EcgStore.open(store)) {
            return new int[][] {s.read(0, 1).record(0).fiducials().toArray(), src};
        }
    }

    private static int[] codes(ValueSource... s) {
        int[] out = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            out[k] = s[k].code();
        }
        return out;
    }

    @Test
    void theFixtureHasTheTwoPeaksApartAndV5sLargestValueOutsideTheQrs() {
        int[][] v = signals(true);
        int argmaxV5 = 0;
        for (int i = 0; i < N; i++) {
            argmaxV5 = v[1][i] > v[1][argmaxV5] ? i : argmaxV5;
        }
        assertTrue(argmaxV5 > ANNOTATED[3], "V5's largest value is after QRS off, at " + argmaxV5);
        assertNotEquals(II_PEAK, V5_PEAK);
    }

    @Test
    void annotatedEdgesAndTheV5RPeakMeasuredAtThem() throws IOException {
        SourceRecord sr = read(writeRecord("one", true));
        // the R peak found by a plain scan of V5 over [QRS on, QRS off] written here, independent of the importer
        int[] v5 = signals(true)[1];
        int expected = ANNOTATED[2];
        for (int i = ANNOTATED[2]; i <= ANNOTATED[3]; i++) {
            expected = v5[i] > v5[expected] ? i : expected;
        }
        assertEquals(V5_PEAK, expected);
        assertEquals(new Fiducials(100, 140, 200, 245, 400, V5_PEAK), sr.record().fiducials());
        Map<Fiducial, ValueSource> want = Map.of(Fiducial.P_ON, ValueSource.ANNOTATED, Fiducial.P_OFF,
                ValueSource.ANNOTATED, Fiducial.QRS_ON, ValueSource.ANNOTATED, Fiducial.QRS_OFF, ValueSource.ANNOTATED,
                Fiducial.T_OFF, ValueSource.ANNOTATED, Fiducial.R_PEAK, ValueSource.MEASURED);
        assertEquals(want, sr.sources().fiducials());
        assertTrue(sr.sources().targets().isEmpty(), "WFDB has no targets");

        // the annotated N on lead II is still there for whoever wants it
        assertEquals(II_PEAK, WfdbRecord.read(tmp.resolve("one/one.hea")).delineations().get(Lead.II).beats().get(0)
                .qrs().peak());

        Path store = tmp.resolve("store");
        Importer.run(new WfdbSource(tmp.resolve("one"), WfdbSource.ChecksumPolicy.REJECT), store,
                ImportOptions.of(StoreSpec.of(List.of(Lead.II, Lead.V5), RATE, N)), false);
        int[][] s = stored(store);
        assertArrayEquals(new int[] {100, 140, 200, 245, 400, V5_PEAK}, s[0]);
        int[] annotatedAndMeasured = codes(ValueSource.ANNOTATED, ValueSource.ANNOTATED, ValueSource.ANNOTATED,
                ValueSource.ANNOTATED, ValueSource.ANNOTATED, ValueSource.MEASURED);
        assertArrayEquals(annotatedAndMeasured, s[1]);

        // delineate keeps everything without --overwrite-device ...
        StoreDelineation.Summary kept = StoreDelineation.run(store, false, Delineator.standard(), Map.of());
        assertEquals(0, kept.replaced());
        int[][] afterKeep = stored(store);
        assertArrayEquals(s[0], afterKeep[0]);
        assertArrayEquals(annotatedAndMeasured, afterKeep[1]);

        // ... and with it still keeps the annotated edges (the expert is the reference); the measured R peak is
        // re-measured within the kept annotated QRS (StoreDelineation's merge rule): the same sample, still measured,
        // which is no replacement
        StoreDelineation.Summary over = StoreDelineation.run(store, true, Delineator.standard(), Map.of());
        assertEquals(0, over.replaced());
        int[][] afterOverwrite = stored(store);
        for (int k = 0; k < ANNOTATED.length; k++) {
            assertEquals(ANNOTATED[k], afterOverwrite[0][k], Fiducial.ALL.get(k).key());
            assertEquals(ValueSource.ANNOTATED.code(), afterOverwrite[1][k], Fiducial.ALL.get(k).key());
        }
        int r = Fiducial.R_PEAK.ordinal();
        assertEquals(V5_PEAK, afterOverwrite[0][r]);
        assertEquals(ValueSource.MEASURED.code(), afterOverwrite[1][r]);
    }

    @Test
    void withoutV5TheRPeakIsUnknownNotLeadTwosAnnotatedPeak() throws IOException {
        SourceRecord sr = read(writeRecord("nov5", false));
        assertEquals(new Fiducials(100, 140, 200, 245, 400, -1), sr.record().fiducials());
        Path store = tmp.resolve("store2");
        Importer.run(new WfdbSource(tmp.resolve("nov5"), WfdbSource.ChecksumPolicy.REJECT), store,
                ImportOptions.of(StoreSpec.of(List.of(Lead.II), RATE, N)), false);
        int[][] s = stored(store);
        assertArrayEquals(new int[] {100, 140, 200, 245, 400, -1}, s[0]);
        assertArrayEquals(codes(ValueSource.ANNOTATED, ValueSource.ANNOTATED, ValueSource.ANNOTATED,
                ValueSource.ANNOTATED, ValueSource.ANNOTATED, ValueSource.UNKNOWN), s[1]);
    }

    @Test
    void v5PeakNeedsV5AndBothQrsBoundaries() {
        float[] x = {0, 0, 0, 0, 0, 1, 5, 3, 9, 2}; // lead I = zeros, V5 = 1 5 3 9 2
        List<Lead> leads = List.of(Lead.I, Lead.V5);
        assertEquals(3, WfdbSource.v5Peak(leads, x, 5, 0, 4)); // 9 at V5 sample 3
        assertEquals(1, WfdbSource.v5Peak(leads, x, 5, 0, 2)); // the window excludes the 9
        assertEquals(-1, WfdbSource.v5Peak(List.of(Lead.I, Lead.II), x, 5, 0, 4));
        assertEquals(-1, WfdbSource.v5Peak(leads, x, 5, -1, 4));
        assertEquals(-1, WfdbSource.v5Peak(leads, x, 5, 0, -1));
        assertEquals(-1, WfdbSource.v5Peak(leads, x, 5, 3, 2));
        float[] nan = {0, 0, 0, Float.NaN, 4, 2};
        assertEquals(1, WfdbSource.v5Peak(List.of(Lead.I, Lead.V5), nan, 3, 0, 2)); // NaN first never wins
    }
}
