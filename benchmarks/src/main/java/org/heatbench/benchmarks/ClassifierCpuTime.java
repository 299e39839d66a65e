package org.heatbench.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@link ClassifierPerturbationBenchmark} workload timed by the thread's CPU time as well as the wall clock, the
 * regressor and the classifier alternating operation by operation, so that a shared machine's changing load falls on
 * both alike. With one ONNX Runtime intra-op thread the model runs on the calling thread, so its CPU time is the whole
 * cost of an operation.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.heatbench.benchmarks.ClassifierCpuTime [rounds] [records]</pre>
 */
public final class ClassifierCpuTime {
    private ClassifierCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        ClassifierPerturbationBenchmark[] b = new ClassifierPerturbationBenchmark[2];
        String[] heads = {"regression", "classification"};
        for (int h = 0; h < 2; h++) {
            b[h] = new ClassifierPerturbationBenchmark();
            b[h].head = heads[h];
            b[h].records = records;
            b[h].threads = 1;
            b[h].setup();
        }
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is "
                + "dangerous.");
        ClassifierPerturbationBenchmark.Counters c = new ClassifierPerturbationBenchmark.Counters();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 2; w++) { // warm-up: JIT compilation, ONNX Runtime's first runs
            b[0].perturb(bh, c);
            b[1].perturb(bh, c);
        }
        double[][] cpu = new double[2][rounds];
        double[][] wall = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int h = (r + k) % 2; // alternate which head goes first
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                b[h].perturb(bh, c);
                cpu[h][r] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / records;
                wall[h][r] = (System.nanoTime() - w0) / 1e6 / records;
            }
        }
        for (int h = 0; h < 2; h++) {
            System.out.printf(Locale.ROOT, "%-14s CPU %.1f ± %.1f ms per ECG (%.2f ECG/s per core), wall %.1f ± %.1f ms "
                            + "per ECG (%.2f ECG/s), %d rounds of %d ECGs (study preset, 200 evaluations per ECG)%n",
                    heads[h], mean(cpu[h]), sd(cpu[h]), 1000 / mean(cpu[h]), mean(wall[h]), sd(wall[h]),
                    1000 / mean(wall[h]), rounds, records);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = cpu[1][r] / cpu[0][r];
        }
        System.out.printf(Locale.ROOT, "classifier / regressor CPU time per ECG: %.3f ± %.3f (mean ± SD of %d paired "
                + "rounds)%n", mean(ratio), sd(ratio), rounds);
        b[0].tearDown();
        b[1].tearDown();
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double sd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
