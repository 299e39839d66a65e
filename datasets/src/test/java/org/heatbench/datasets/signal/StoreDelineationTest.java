package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.StoreDelineation;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.datasets.synth.SyntheticBeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreDelineation}: fills unknowns in place, keeps device values unless asked, records sources. */
class StoreDelineationTest {
    @TempDir
    Path tmp;

    /** An "imported" store of 10 synthetic medians: record 0 keeps a device QRS; the rest have nothing. */
    private Path importedStore() {
        Path dir = tmp.resolve("store");
        StoreSpec spec = StoreSpec.of(Lead.STANDARD_12, 500, 600).withShardSize(4)
                .withProvenance(new Provenance("import", StoreSpec.tool(), "test", Map.of()));
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            for (int i = 0; i < 10; i++) {
                EcgRecord r = SyntheticEcgs.median(i).record(Lead.STANDARD_12);
                Targets t = i == 0 ? Targets.MISSING.with(Target.QRS, 999) : Targets.MISSING;
                w.append(new EcgRecord(r.id(), r.leads(), r.samples(), r.signal(), t, Fiducials.UNKNOWN));
            }
            w.finish();
        }
        return dir;
    }

    @Test
    void fillsUnknownValuesKeepsDeviceValuesAndRecordsSources() throws Exception {
        Path dir = importedStore();
        StoreDelineation.Summary s = StoreDelineation.run(dir, false, Delineator.standard(), Map.of());
        assertEquals(10, s.records());
        assertEquals(10, s.hrUnknown(), "no rhythm, no device rate: HR unknown for every record, and counted");
        assertEquals(0, s.hrFromMetadata());
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(999, store.targets(0).qrs(), "a device value is kept");
            for (int i = 0; i < 10; i++) {
                SyntheticBeat b = SyntheticEcgs.median(i);
                Fiducials truth = b.measurement().fiducials();
                Fiducials got = store.fiducials(i);
                assertEquals(truth.qrsOn(), got.qrsOn(), 6, "record " + i + " QRS on");
                assertEquals(truth.tOff(), got.tOff(), 15, "record " + i + " T off");
                if (i > 0) {
                    assertEquals(b.measurement().targets().qt(), store.targets(i).qt(), 30, "record " + i + " QT");
                }
                assertTrue(Double.isNaN(store.targets(i).hr()), "HR needs the rhythm");
            }
        }
        byte[][][] src = StoreDelineation.readSources(dir.resolve("shard-00000.h5"), 4);
        assertEquals(ValueSource.DEVICE, ValueSource.of(src[0][0][Target.QRS.ordinal()]));
        assertEquals(ValueSource.DELINEATED, ValueSource.of(src[0][0][Target.QT.ordinal()]));
        assertEquals(ValueSource.UNKNOWN, ValueSource.of(src[0][0][Target.HR.ordinal()]));
        assertEquals(ValueSource.DELINEATED, ValueSource.of(src[1][1][2]));
        // again: the same content (delineated values are recomputed identically), no stray files
        byte[] before = Files.readAllBytes(dir.resolve("shard-00001.h5"));
        StoreDelineation.run(dir, false, Delineator.standard(), Map.of());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("shard-00001.h5")));
        List<String> files = new ArrayList<>();
        try (var l = Files.list(dir)) {
            l.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertTrue(files.stream().noneMatch(f -> f.endsWith(".tmp")), files.toString());
        // asked to: the device value is replaced and its source changes
        StoreDelineation.Summary o = StoreDelineation.run(dir, true, Delineator.standard(), Map.of());
        assertEquals(1, o.replaced());
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(SyntheticEcgs.median(0).measurement().targets().qrs(), store.targets(0).qrs(), 12);
        }
    }

    @Test
    void anInterruptedRunIsRolledBackBeforeItsCommitAndForwardAfterIt() throws Exception {
        Path dir = importedStore();
        Path shard = dir.resolve("shard-00001.h5");
        byte[] original = Files.readAllBytes(shard);
        byte[] manifestBefore = Files.readAllBytes(dir.resolve("manifest.json"));
        // crashed before the commit: a new shard written as .tmp, manifest unchanged -> discarded, store as before
        Files.write(dir.resolve("shard-00001.h5.tmp"), new byte[] {1, 2, 3});
        StoreDelineation.run(dir, false, Delineator.standard(), Map.of());
        assertTrue(Files.notExists(dir.resolve("shard-00001.h5.tmp")));
        byte[] delineated = Files.readAllBytes(shard);
        byte[] manifestAfter = Files.readAllBytes(dir.resolve("manifest.json"));
        // crashed after the commit: manifest lists the new checksum, the new shard still under .tmp, the old in place
        Files.write(dir.resolve("shard-00001.h5.tmp"), delineated);
        Files.write(shard, original);
        try (EcgStore store = EcgStore.open(dir)) {
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> store.read(4, 8)).getMessage().contains("checksum"));
        }
        StoreDelineation.run(dir, false, Delineator.standard(), Map.of());
        assertArrayEquals(delineated, Files.readAllBytes(shard));
        assertArrayEquals(manifestAfter, Files.readAllBytes(dir.resolve("manifest.json")));
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(10, store.read(0, 10).size());
        }
        assertTrue(manifestBefore.length > 0);
    }

    @Test
    void generatorValuesAreNeverReplaced() {
        Path dir = tmp.resolve("synth");
        var gen = org.heatbench.datasets.synth.SyntheticEcgGenerator.of(
                org.heatbench.datasets.synth.GeneratorConfig.defaults(6, 3));
        try (StoreWriter w = StoreWriter.create(dir, gen.storeSpec(Lead.STANDARD_12,
                org.heatbench.datasets.SplitPolicy.DEFAULT), false)) {
            gen.generate(w, 1);
        }
        Targets before;
        try (EcgStore store = EcgStore.open(dir)) {
            before = store.targets(2);
        }
        StoreDelineation.Summary s = StoreDelineation.run(dir, true, Delineator.standard(), Map.of());
        assertEquals(0, s.filled() + s.replaced());
        assertEquals(6L * 13, s.sources().get(ValueSource.GENERATOR));
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(before, store.targets(2));
        }
    }

    @Test
    void heartRateComesFromTheDevicesRrOrRateInTheMetadataAndIsNeverGuessed() throws Exception {
        Path dir = importedStore();
        // the sidecar an importer writes: record 1 has MIMIC-IV's rr_interval, record 2 MUSE's VentricularRate,
        // record 3 a malformed rate (ignored, not guessed at), the others nothing
        try (RecordMetadata.Writer w = new RecordMetadata.Writer(dir)) {
            for (int i = 0; i < 10; i++) {
                String id = SyntheticEcgs.median(i).record(Lead.STANDARD_12).id();
                Map<String, String> meta = switch (i) {
                    case 1 -> Map.of("rr_interval", "800");
                    case 2 -> Map.of("VentricularRate", "48");
                    case 3 -> Map.of("VentricularRate", "n/a");
                    default -> Map.of();
                };
                w.add(id, i == 0 ? Map.of("note", "x") : meta, null);
            }
            w.finish();
        }
        StoreDelineation.Summary s = StoreDelineation.run(dir, false, Delineator.standard(), Map.of());
        assertEquals(2, s.hrFromMetadata());
        assertEquals(8, s.hrUnknown());
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(75, store.targets(1).hr(), 1e-9, "60000 / 800 ms");
            assertEquals(48, store.targets(2).hr(), 1e-9);
            assertTrue(Double.isNaN(store.targets(3).hr()), "a malformed device value is not guessed at");
            assertTrue(Double.isNaN(store.targets(0).hr()));
        }
        byte[][][] src = StoreDelineation.readSources(dir.resolve("shard-00000.h5"), 4);
        assertEquals(ValueSource.DEVICE, ValueSource.of(src[0][1][Target.HR.ordinal()]), "the device's value");
        assertEquals(ValueSource.UNKNOWN, ValueSource.of(src[0][3][Target.HR.ordinal()]));
    }
}
