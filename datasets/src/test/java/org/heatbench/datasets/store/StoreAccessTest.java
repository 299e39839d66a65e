package org.heatbench.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.TestRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading patterns on one multi-shard 12-lead store: lead selection, batches, ids, bounded access, threads. */
class StoreAccessTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static List<EcgRecord> records = new ArrayList<>();

    @BeforeAll
    static void writeStore() {
        dir = tmp.resolve("store");
        StoreSpec spec = StoreSpec.of(Lead.STANDARD_12, 500, 600).withShardSize(50);
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            for (int i = 0; i < 230; i++) {
                EcgRecord r = TestRecords.consistent12(String.format("ecg-%04d", i), 600, i);
                records.add(r);
                w.append(r);
            }
            w.finish();
        }
    }

    @Test
    void eightLeadModelsReadATwelveLeadStoreAndBack() {
        try (EcgStore store = EcgStore.open(dir)) {
            EcgBatch eight = store.read(40, 60, Lead.INDEPENDENT_8);
            assertArrayEquals(new long[] {20, 8, 600}, eight.shape());
            for (int i = 0; i < 20; i++) {
                assertEquals(records.get(40 + i).withLeads(Lead.INDEPENDENT_8), eight.record(i));
                // the 12 leads derived back from the 8 equal the stored 12 exactly
                assertEquals(records.get(40 + i), eight.record(i).withLeads(Lead.STANDARD_12));
            }
            FloatBuffer view = eight.signalBuffer();
            assertTrue(view.isReadOnly());
            assertEquals(20 * 8 * 600, view.remaining());
            assertEquals(eight.sample(3, 6, 17), view.get((3 * 8 + 6) * 600 + 17));
        }
    }

    @Test
    void anEightLeadStoreDerivesTheLimbLeads() {
        Path eightDir = tmp.resolve("eight");
        try (StoreWriter w = StoreWriter.create(eightDir, StoreSpec.of(Lead.INDEPENDENT_8, 500, 600), false)) {
            records.subList(0, 5).forEach(w::append); // 12-lead records are reduced to the store's 8
            w.finish();
        }
        try (EcgStore store = EcgStore.open(eightDir)) {
            EcgBatch twelve = store.read(0, 5, Lead.STANDARD_12);
            for (int i = 0; i < 5; i++) {
                assertEquals(records.get(i), twelve.record(i));
            }
            assertThrows(ConfigurationException.class, () -> store.read(0, 1, List.of(Lead.V1, Lead.V1)));
        }
    }

    @Test
    void aBatchTouchesOnlyTheShardsAndChunksItNeeds() {
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(0, store.stats().shardOpens());
            store.read(60, 90, Lead.INDEPENDENT_8); // inside shard 1
            ReadStats s = store.stats();
            assertEquals(1, s.shardOpens());
            assertEquals(30, s.chunkReads());
            assertEquals(30L * 12 * 600 * 4, s.bytesDecompressed());
            store.read(new int[] {229, 3, 120}, Lead.STANDARD_12); // shards 4, 0, 2
            assertEquals(4, store.stats().shardOpens());
            assertEquals(33, store.stats().chunkReads());
        }
    }

    @Test
    void openShardsStayBelowTheBound() {
        try (EcgStore store = EcgStore.open(dir, 2)) {
            long n = store.batches(17, Lead.STANDARD_12).mapToLong(EcgBatch::size).sum();
            assertEquals(230, n);
            assertTrue(store.stats().openShards() <= 2);
            assertEquals(5, store.stats().shardOpens());
            // random access with a small bound still returns the right records
            EcgBatch b = store.read(new int[] {5, 220, 60, 5}, Lead.STANDARD_12);
            assertEquals(List.of(records.get(5).id(), records.get(220).id(), records.get(60).id(),
                    records.get(5).id()), b.ids());
        }
    }

    @Test
    void batchesStreamEverythingInOrderAndBySplit() {
        try (EcgStore store = EcgStore.open(dir)) {
            List<String> ids = store.batches(64, Lead.INDEPENDENT_8).flatMap(b -> b.ids().stream()).toList();
            assertEquals(records.stream().map(EcgRecord::id).toList(), ids);
            int[] test = store.indicesOf(Split.TEST);
            List<String> testIds = store.batches(test, 10, Lead.INDEPENDENT_8).flatMap(b -> b.ids().stream())
                    .toList();
            assertEquals(test.length, testIds.size());
            for (int i : test) {
                assertEquals(Split.TEST, store.split(i));
            }
            int total = 0;
            for (Split s : Split.values()) {
                total += store.indicesOf(s).length;
            }
            assertEquals(230, total);
        }
    }

    @Test
    void idsTargetsAndFiducialsWithoutSignals() {
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(117, store.indexOf("ecg-0117").getAsInt());
            assertFalse(store.indexOf("nope").isPresent());
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> store.readIds(List.of("ecg-0001", "nope"), Lead.STANDARD_12));
            assertTrue(e.getMessage().contains("'nope'"));
            double[] qt = store.targetValues(Target.QT);
            for (int i = 0; i < 230; i++) {
                assertEquals(Double.doubleToLongBits(records.get(i).targets().qt()), Double.doubleToLongBits(qt[i]));
            }
            assertEquals(0, store.stats().chunkReads());
            StoreStatistics stats = StoreStatistics.of(store);
            long missing = records.stream().filter(r -> r.targets().isMissing(Target.QT)).count();
            assertEquals(missing, stats.targets().get(Target.QT.ordinal()).missing());
            assertEquals(230, stats.splits().values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void concurrentReadersSeeTheSameDataAsOneReader() throws Exception {
        try (EcgStore store = EcgStore.open(dir, 3)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int job = 0; job < 16; job++) {
                    int seed = job;
                    results.add(pool.submit(() -> {
                        SplittableRandom r = new SplittableRandom(seed);
                        int[] idx = r.ints(40, 0, 230).toArray();
                        EcgBatch b = store.read(idx, Lead.INDEPENDENT_8);
                        for (int i = 0; i < idx.length; i++) {
                            if (!b.record(i).equals(records.get(idx[i]).withLeads(Lead.INDEPENDENT_8))) {
                                return "mismatch at " + idx[i];
                            }
                        }
                        return "ok";
                    }));
                }
                String outcome = results.stream().map(f -> {
                    try {
                        return f.get();
                    } catch (Exception e) {
                        return e.toString();
                    }
                }).distinct().collect(Collectors.joining(","));
                assertEquals("ok", outcome);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
