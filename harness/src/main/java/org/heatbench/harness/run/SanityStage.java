package org.heatbench.harness.run;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.sanity.SanityChecker;
import org.heatbench.perturbation.sanity.SanityRun;
import org.heatbench.perturbation.sanity.SanityTable;

/**
 * The optional sanity stage of {@code heatbench run} ({@code --sanity-records N}): after the job, on the driver, for
 * every target the checks {@code cascading_final,input_invariance} of every method on the first N records of the
 * spec's split (seeded by the spec's seed; targets in parallel over the cores), written to {@code <run>/sanity/<target>/sanity.csv}; the report marks
 * failing methods in its rank matrix.
 */
final class SanityStage {
    private SanityStage() {
    }

    private static SanityRun get(java.util.concurrent.Future<SanityRun> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.heatbench.core.HeatBenchException("sanity stage interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new org.heatbench.core.HeatBenchException("sanity stage failed: " + e.getCause(), e.getCause());
        }
    }

    static void run(ExperimentSpec s, MethodRegistry registry, int records, Path runDir, PrintWriter err) {
        if (records < 2) {
            throw new ConfigurationException("--sanity-records must be 0 (off) or >= 2, got " + records);
        }
        long started = System.nanoTime();
        List<AttributionMethod> methods = s.methods().stream().map(registry::create).toList();
        SanityChecker.Checks checks = SanityChecker.Checks.parse("cascading_final,input_invariance");
        ExecutionOptions exec = ExecutionOptions.defaults().withIntraOpThreads(1);
        try (EcgStore store = EcgStore.open(Path.of(s.dataset().path()))) {
            String split = s.dataset().split();
            int[] all = split == null || split.equalsIgnoreCase("all") ? java.util.stream.IntStream.range(0,
                    store.size()).toArray() : store.indicesOf(Split.parse(split));
            int[] idx = Arrays.copyOf(all, Math.min(records, all.length));
            // targets in parallel, one ONNX Runtime thread each: every target's rows depend only on its model, records
            // and seed, so the result does not depend on the number of threads
            int threads = Math.max(1, Math.min(s.targets().size(), Runtime.getRuntime().availableProcessors()));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<SanityRun>> futures = new java.util.ArrayList<>();
                for (ExperimentSpec.TargetModel t : s.targets()) {
                    futures.add(pool.submit(() -> SanityRun.of(OnnxModel.load(Path.of(t.model())), store, idx, methods,
                            t.outputIndex(), t.targetIndex(), s.seed(), exec, checks)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    ExperimentSpec.TargetModel t = s.targets().get(i);
                    SanityRun r = get(futures.get(i));
                    Path dir = runDir.resolve("sanity").resolve(t.target());
                    Files.createDirectories(dir);
                    SanityTable.write(dir.resolve(SanityTable.FILE), r.rows());
                    long failing = SanityTable.verdicts(r.rows()).values().stream()
                            .filter(v -> v == org.heatbench.perturbation.sanity.SanityRow.Verdict.FAIL).count();
                    err.printf(Locale.ROOT, "  sanity %s: %d record(s), %d method(s) fail%n", t.target(),
                            r.records().size(), failing);
                    err.flush();
                }
            } finally {
                pool.shutdownNow();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the sanity checks under " + runDir, e);
        }
        err.printf(Locale.ROOT, "heatbench run: sanity stage in %.1f s%n", (System.nanoTime() - started) / 1e9);
        err.flush();
    }
}
