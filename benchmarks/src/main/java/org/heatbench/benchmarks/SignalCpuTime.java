package org.heatbench.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The {@link SignalBenchmark} workload timed by the thread's CPU time as well as the wall clock, so the per-core cost
 * can be read on a machine shared with other work (JMH reports wall time, inflated by the load).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.heatbench.benchmarks.SignalCpuTime [iterations] [hr]</pre>
 */
public final class SignalCpuTime {
    private SignalCpuTime() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SignalBenchmark b = new SignalBenchmark();
        b.hr = args.length > 1 ? Double.parseDouble(args[1]) : 70;
        b.patient = 3;
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int i = 0; i < iterations / 2; i++) { // warm-up: JIT compilation
            sink += b.medianAndDelineation().targets().qt();
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += b.medianAndDelineation().targets().qt();
        }
        double cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / iterations;
        double wallMs = (System.nanoTime() - wall0) / 1e6 / iterations;
        System.out.printf(Locale.ROOT, "median + delineation of a 10-s 12-lead record at %.0f bpm: %.3f ms CPU, %.3f ms "
                + "wall per record over %d records (%.0f records/s per core by CPU time; checksum %.1f)%n", b.hr, cpuMs,
                wallMs, iterations, 1000 / cpuMs, sink);
    }
}
