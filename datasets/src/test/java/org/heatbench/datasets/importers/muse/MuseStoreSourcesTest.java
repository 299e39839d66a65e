package org.heatbench.datasets.importers.muse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.SharedData;
import org.heatbench.datasets.signal.Delineator;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.store.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two real MUSE exports imported into stores: which source each V5 amplitude and the R peak get, and what
 * {@code dataset delineate} does with a measured value. The exports are read from ../shared; the copies without a
 * matrix live only in the test's temporary folder.
 */
class MuseStoreSourcesTest {
    private static final List<Target> V5 = List.of(Target.R_AMP_V5, Target.STJ_V5, Target.T_AMP_V5);
    private static final ValueSource[] MEASURED_TWICE = {ValueSource.MEASURED, ValueSource.MEASURED};

    @TempDir
    Path tmp;

    private static Path importInto(Path input, Path out) {
        Importer.run(new MuseSource(input, MuseSource.Waveform.MEDIAN, 10), out,
                ImportOptions.of(StoreSpec.of(Lead.STANDARD_12, 500, 600)), false);
        return out;
    }

    private static ValueSource[] sources(Path store, Target t) {
        try (EcgStore s = EcgStore.open(store)) {
            return StoreDelineation.targetSources(store, t, s.targetValues(t));
        }
    }

    private static double[] values(Path store, Target t) {
        try (EcgStore s = EcgStore.open(store)) {
            return s.targetValues(t);
        }
    }

    /** @return fiducial source codes [record][fiducial] of the store's one shard */
    private static byte[][] fiducialSources(Path store) {
        StoreManifest m = StoreManifest.read(store);
        return StoreDelineation.readSources(store.resolve(m.shards().get(0).file()), 2)[1];
    }

    @Test
    void withTheMatrixTheAmplitudesAreTheDevicesAndTheRPeakIsMeasured() {
        Path store = importInto(SharedData.real("muse_xml"), tmp.resolve("device"));
        for (Target t : Target.ALL) {
            assertArrayEquals(new ValueSource[] {ValueSource.DEVICE, ValueSource.DEVICE}, sources(store, t), t.key());
        }
        assertArrayEquals(new double[] {1508, 815}, values(store, Target.R_AMP_V5));
        for (byte[] f : fiducialSources(store)) {
            for (Fiducial x : Fiducial.ALL) {
                ValueSource want = x == Fiducial.R_PEAK ? ValueSource.MEASURED : ValueSource.DEVICE;
                assertEquals(want, ValueSource.of(f[x.ordinal()]), x.key());
            }
        }
    }

    @Test
    void withoutTheMatrixTheyAreMeasuredAndDelineateKeepsThemUnlessOverwriting() throws IOException {
        Path in = tmp.resolve("nomatrix");
        Files.createDirectories(in);
        for (String name : List.of("example1", "example2")) {
            String xml = Files.readString(SharedData.real("muse_xml/" + name + ".xml"), StandardCharsets.ISO_8859_1);
            Files.writeString(in.resolve(name + ".xml"), MuseImportTest.withoutMatrix(xml),
                    StandardCharsets.ISO_8859_1);
        }
        Path store = importInto(in, tmp.resolve("measured"));
        for (Target t : V5) {
            assertArrayEquals(MEASURED_TWICE, sources(store, t), t.key());
        }
        assertArrayEquals(new ValueSource[] {ValueSource.DEVICE, ValueSource.DEVICE}, sources(store, Target.QT));
        double[] before = values(store, Target.T_AMP_V5);
        assertEquals(614.88, before[0], 1e-3);
        assertEquals(39.04, before[1], 1e-3);

        // a measured value rests on the device's fiducials: delineation fills nothing and replaces nothing here
        StoreDelineation.Summary kept = StoreDelineation.run(store, false, Delineator.standard(), Map.of());
        assertEquals(0, kept.replaced());
        for (Target t : V5) {
            assertArrayEquals(MEASURED_TWICE, sources(store, t), t.key());
        }
        assertArrayEquals(before, values(store, Target.T_AMP_V5));
        assertEquals(ValueSource.MEASURED, ValueSource.of(fiducialSources(store)[0][Fiducial.R_PEAK.ordinal()]));

        // only --overwrite-device replaces it, and counts it as replaced
        StoreDelineation.Summary over = StoreDelineation.run(store, true, Delineator.standard(), Map.of());
        assertTrue(over.replaced() >= 2 * V5.size(), "replaced " + over.replaced());
        for (Target t : V5) {
            for (ValueSource s : sources(store, t)) {
                assertEquals(ValueSource.DELINEATED, s, t.key());
            }
        }
        assertEquals(0, over.sources().getOrDefault(ValueSource.MEASURED, 0L));
    }
}
