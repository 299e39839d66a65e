package org.heatbench.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.TestRecords;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Value sources an import states per record: written into the shards, read back, codes stable. */
class StoreValueSourcesTest {
    @TempDir
    Path tmp;

    @Test
    void storedCodesAreTheOrdinalsAndNeverChangeMeaning() {
        // the shards hold these numbers: a new source is appended, an old one never moves
        ValueSource[] order = {ValueSource.UNKNOWN, ValueSource.DEVICE, ValueSource.DELINEATED, ValueSource.GENERATOR,
            ValueSource.ANNOTATED, ValueSource.MEASURED};
        assertEquals(order.length, ValueSource.values().length);
        for (int k = 0; k < order.length; k++) {
            assertEquals(k, order[k].code());
            assertEquals(order[k], ValueSource.of((byte) k));
        }
        assertEquals(ValueSource.UNKNOWN, ValueSource.of((byte) 6));
        assertEquals(ValueSource.UNKNOWN, ValueSource.of((byte) -1));
    }

    @Test
    void anImportsMeasuredValuesRoundTripThroughTheShards() {
        StoreSpec spec = StoreSpec.of(List.of(Lead.II, Lead.V5), 500, 50).withShardSize(4)
                .withProvenance(new Provenance("import", StoreSpec.tool(), "test", Map.of()));
        Path dir = tmp.resolve("store");
        List<EcgRecord> written = new ArrayList<>();
        ValueSources measured = ValueSources.DEFAULT.with(Target.R_AMP_V5, ValueSource.MEASURED)
                .with(Target.QT, ValueSource.ANNOTATED).with(Fiducial.R_PEAK, ValueSource.MEASURED)
                .with(Target.STJ_V5, ValueSource.MEASURED); // stated for a missing value: stays unknown
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            for (int i = 0; i < 6; i++) {
                EcgRecord r = TestRecords.random("r" + i, spec.leads(), 50, 40 + i);
                if (i == 1) {
                    r = new EcgRecord(r.id(), r.leads(), r.samples(), r.signal(), Targets.of(new double[] {60, 150, 90,
                        400, 300, 1200, Double.NaN}), Fiducials.of(new int[] {5, 10, 15, 20, 40, 17}));
                }
                written.add(r);
                // shard 0 (records 0-3): record 1 states sources; shard 1 (records 4, 5): all from the device, but
                // record 5 states a source for a value it does not have (which changes nothing)
                ValueSources s = i == 1 ? measured : i == 5 ? ValueSources.DEFAULT.with(Fiducial.R_PEAK,
                        ValueSource.MEASURED) : ValueSources.DEFAULT;
                if (i == 5) {
                    int[] f = r.fiducials().toArray();
                    f[Fiducial.R_PEAK.ordinal()] = -1;
                    r = new EcgRecord(r.id(), r.leads(), r.samples(), r.signal(), r.targets(), Fiducials.of(f));
                }
                w.append(r, null, s);
            }
            w.finish();
        }
        StoreManifest m = StoreManifest.read(dir);
        byte[][][] s0 = StoreDelineation.readSources(dir.resolve(m.shards().get(0).file()), 4);
        assertNotNull(s0, "a shard with a stated source carries the source datasets");
        assertNull(StoreDelineation.readSources(dir.resolve(m.shards().get(1).file()), 2),
                "a shard whose values all came from the device is written as before");
        for (int i = 0; i < 4; i++) {
            EcgRecord r = written.get(i);
            for (Target t : Target.ALL) {
                ValueSource want = r.targets().isMissing(t) ? ValueSource.UNKNOWN
                        : i == 1 && t == Target.R_AMP_V5 ? ValueSource.MEASURED
                        : i == 1 && t == Target.QT ? ValueSource.ANNOTATED : ValueSource.DEVICE;
                assertEquals(want, ValueSource.of(s0[0][i][t.ordinal()]), "record " + i + " " + t.key());
            }
            for (Fiducial f : Fiducial.ALL) {
                ValueSource want = !r.fiducials().isKnown(f) ? ValueSource.UNKNOWN
                        : i == 1 && f == Fiducial.R_PEAK ? ValueSource.MEASURED : ValueSource.DEVICE;
                assertEquals(want, ValueSource.of(s0[1][i][f.ordinal()]), "record " + i + " " + f.key());
            }
        }
        try (EcgStore store = EcgStore.open(dir)) {
            double[] v = store.targetValues(Target.R_AMP_V5);
            ValueSource[] src = StoreDelineation.targetSources(dir, Target.R_AMP_V5, v);
            for (int i = 0; i < 6; i++) {
                ValueSource want = Double.isNaN(v[i]) ? ValueSource.UNKNOWN
                        : i == 1 ? ValueSource.MEASURED : ValueSource.DEVICE;
                assertEquals(want, src[i], "record " + i);
            }
        }
    }
}
