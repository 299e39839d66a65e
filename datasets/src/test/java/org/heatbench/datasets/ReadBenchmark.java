package org.heatbench.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.heatbench.datasets.store.EcgStore;

/**
 * Batch-read throughput of a store (a benchmark, not a test; results go to docs/PERFORMANCE.md):
 * {@code java -cp <test-classes>:<classes>:<deps> org.heatbench.datasets.ReadBenchmark data/synth}.
 */
public final class ReadBenchmark {
    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        List<Lead> eight = Lead.INDEPENDENT_8;
        try (EcgStore store = EcgStore.open(dir)) {
            int n = store.size();
            long t0 = System.nanoTime();
            double checksum = store.batches(batch, eight).mapToDouble(b -> b.sample(0, 0, 0)).sum();
            report("sequential, all records, batches of " + batch + ", 8 of 12 leads", n, System.nanoTime() - t0,
                    store.stats().shardOpens(), checksum);

            SplittableRandom r = new SplittableRandom(1);
            int batches = 2000;
            t0 = System.nanoTime();
            double sum = 0;
            for (int i = 0; i < batches; i++) {
                sum += store.read(r.ints(batch, 0, n).toArray(), eight).sample(0, 0, 0);
            }
            report("random indices, " + batches + " batches of " + batch + ", 8 leads", batches * batch,
                    System.nanoTime() - t0, store.stats().shardOpens(), sum);

            t0 = System.nanoTime();
            sum = 0;
            for (int i = 0; i < 1000; i++) {
                sum += store.read(new int[] {r.nextInt(n)}, store.leads()).sample(0, 0, 0);
            }
            report("1000 single random records, 12 leads", 1000, System.nanoTime() - t0, store.stats().shardOpens(),
                    sum);

            ExecutorService pool = Executors.newFixedThreadPool(2);
            t0 = System.nanoTime();
            int half = n / 2;
            Future<Double> a = pool.submit(() -> store.batches(java.util.stream.IntStream.range(0, half).toArray(),
                    batch, eight).mapToDouble(b -> b.sample(0, 0, 0)).sum());
            Future<Double> b = pool.submit(() -> store.batches(java.util.stream.IntStream.range(half, n).toArray(),
                    batch, eight).mapToDouble(x -> x.sample(0, 0, 0)).sum());
            double s2 = a.get() + b.get();
            report("sequential, 2 threads sharing the store, batches of " + batch + ", 8 leads", n,
                    System.nanoTime() - t0, store.stats().shardOpens(), s2);
            pool.shutdown();
        }
    }

    private static void report(String what, long records, long nanos, long shardOpens, double checksum) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-70s %8d records %7.2f s %9.0f records/s %7.1f MB/s (8x600 float32 out)"
                + "  [shard opens so far %d, checksum %.1f]%n", what, records, s, records / s,
                records * 8 * 600 * 4 / s / 1e6, shardOpens, checksum);
    }
}
