package org.heatbench.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** write → read → equal, for every sample type, compression and lead layout, across shard boundaries. */
class StoreRoundTripTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> layouts() {
        List<Arguments> all = new ArrayList<>();
        for (SampleType type : SampleType.values()) {
            for (int deflate : new int[] {0, 4}) {
                for (List<Lead> leads : List.of(Lead.STANDARD_12, Lead.INDEPENDENT_8, List.of(Lead.V5))) {
                    all.add(Arguments.of(type, deflate, leads));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} deflate={1} leads={2}")
    @MethodSource("layouts")
    void everyRecordReadsBackExactly(SampleType type, int deflate, List<Lead> leads) {
        StoreSpec spec = StoreSpec.of(leads, 500, 120).withSampleType(type, type == SampleType.INT16 ? 0.5 : 1.0)
                .withDeflate(deflate).withShardSize(7).withSplitPolicy(new SplitPolicy(9, 0.5, 0.25));
        List<EcgRecord> written = new ArrayList<>();
        Path dir = tmp.resolve("store");
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            for (int i = 0; i < 23; i++) {
                EcgRecord r = TestRecords.random("r" + i, leads, 120, i);
                written.add(r);
                w.append(r);
            }
            StoreManifest m = w.finish();
            assertEquals(4, m.shards().size());
            assertEquals(23, m.recordCount());
        }
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(23, store.size());
            assertEquals(leads, store.leads());
            assertEquals(500, store.samplingRateHz());
            assertEquals(type, store.spec().sampleType());
            EcgBatch all = store.read(0, 23);
            for (int i = 0; i < 23; i++) {
                EcgRecord expected = written.get(i);
                assertEquals(expected, all.record(i), "record " + i);
                assertEquals(expected, store.record(i));
                assertEquals(i, all.index(i));
                assertEquals(spec.splitPolicy().assign("r" + i), all.split(i));
                assertEquals(expected.targets(), store.targets(i));
                assertEquals(expected.fiducials(), store.fiducials(i));
                assertEquals("r" + i, store.id(i));
            }
            // contiguous block in [n, leads, samples] order
            float[] block = all.signals();
            for (int i = 0; i < 23; i++) {
                float[] one = written.get(i).signal();
                for (int v = 0; v < one.length; v++) {
                    assertEquals(Float.floatToIntBits(one[v]), Float.floatToIntBits(block[i * one.length + v]));
                }
            }
            assertArrayEquals(new long[] {23, leads.size(), 120}, all.shape());
            // by id, in the requested order, across shards
            EcgBatch byId = store.readIds(List.of("r22", "r0", "r8"), leads);
            assertEquals(List.of("r22", "r0", "r8"), byId.ids());
            assertEquals(written.get(8), byId.record(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleTypes")
    void parallelShardWritesGiveTheSameStoreAsAppending(SampleType type) throws Exception {
        StoreSpec spec = StoreSpec.of(Lead.INDEPENDENT_8, 250, 40).withSampleType(type,
                type == SampleType.INT16 ? 0.5 : 1.0).withShardSize(5);
        List<EcgRecord> records = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            records.add(TestRecords.random("p" + i, Lead.INDEPENDENT_8, 40, 100 + i));
        }
        Path a = tmp.resolve("a");
        try (StoreWriter w = StoreWriter.create(a, spec, false)) {
            records.forEach(w::append);
            w.finish();
        }
        Path b = tmp.resolve("b");
        try (StoreWriter w = StoreWriter.create(b, spec, false)) {
            Thread t = new Thread(() -> w.writeShard(2, records.subList(10, 13)));
            t.start();
            w.writeShard(0, records.subList(0, 5));
            w.writeShard(1, records.subList(5, 10));
            t.join();
            w.finish();
        }
        for (String f : List.of("manifest.json", "shard-00000.h5", "shard-00001.h5", "shard-00002.h5")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        assertTrue(Files.readString(a.resolve("manifest.json")).contains("\"complete\" : true"));
    }

    @Test
    void anEmptyStoreIsValid() {
        Path dir = tmp.resolve("empty");
        try (StoreWriter w = StoreWriter.create(dir, StoreSpec.of(Lead.STANDARD_12, 500, 600), false)) {
            assertEquals(0, w.finish().recordCount());
        }
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(0, store.size());
            assertEquals(0, store.read(0, 0).size());
            assertEquals(0, store.batches(64, Lead.INDEPENDENT_8).count());
            assertEquals(0, StoreStatistics.of(store).records());
        }
    }

    static Stream<SampleType> sampleTypes() {
        return Stream.of(SampleType.values());
    }
}
