package org.heatbench.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.run.ChunkEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor JVM keeps between tasks: parsed models (by hash), open stores (by path) and idle compiled
 * pipelines (by run, target and settings). Spark deserializes a fresh task object for every task, so only JVM-wide
 * state lets an executor compile a model's backward graphs once rather than per task; this is the one static holder
 * in HeatBench, and it holds caches, not configuration. A pipeline is used by one task thread at a time: tasks
 * {@link #borrow} one and give it back; an executor therefore holds at most one pipeline per target per concurrently
 * running task. Thread-safe.
 */
final class ExecutorResources {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorResources.class);
    private static final Map<String, OnnxModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, EcgStore> STORES = new ConcurrentHashMap<>();
    private static final Map<String, ConcurrentLinkedDeque<ChunkEvaluator>> IDLE = new ConcurrentHashMap<>();
    /** Registries handed over by a driver in this JVM (local mode), by run directory. */
    private static final Map<String, MethodRegistry> GIVEN = new ConcurrentHashMap<>();
    /** The registry discovered on this executor's class path (built-ins and plugin jars), built once. */
    private static volatile MethodRegistry discovered;

    private ExecutorResources() {
    }

    /**
     * The methods of a run on this JVM: the registry the driver passed to the job when the driver runs in this JVM
     * (local mode: a registry built in code works unchanged), else the one discovered on this executor's class path
     * ({@link MethodRegistry#discover()}: built-ins and {@code --jars} plugins). The driver checks before starting
     * Spark that every method of the plan resolves to the same canonical form in the discovered registry whenever
     * executors may run in other JVMs.
     */
    static MethodRegistry methods(String runDir) {
        MethodRegistry given = GIVEN.get(runDir);
        if (given != null) {
            return given;
        }
        MethodRegistry d = discovered;
        if (d == null) {
            synchronized (ExecutorResources.class) {
                if (discovered == null) {
                    discovered = MethodRegistry.discover();
                }
                d = discovered;
            }
        }
        return d;
    }

    /** Hands the driver's registry to tasks of this JVM for one run ({@link #forget} when the run ends). */
    static void use(String runDir, MethodRegistry registry) {
        GIVEN.put(runDir, registry);
    }

    /** Forgets the registry handed over for a run. */
    static void forget(String runDir) {
        GIVEN.remove(runDir);
    }

    /** The model with hash {@code sha256}, parsed once per JVM from {@code bytes}. */
    static OnnxModel model(String sha256, String source, Supplier<byte[]> bytes) {
        return MODELS.computeIfAbsent(sha256, k -> OnnxModel.fromBytes(bytes.get(), source));
    }

    /** The store at {@code path}, opened once per JVM (stores are thread-safe). */
    static EcgStore store(String path) {
        return STORES.computeIfAbsent(path, p -> EcgStore.open(java.nio.file.Path.of(p)));
    }

    /** An idle pipeline for {@code key}, or a new one. Give it back with {@link #giveBack}. */
    static ChunkEvaluator borrow(String key, Supplier<ChunkEvaluator> create) {
        ChunkEvaluator e = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (e != null) {
            return e;
        }
        LOG.info("compiling attribution methods for {}", key);
        return create.get();
    }

    /** Returns a pipeline after a successful task (a failed task closes its pipeline instead). */
    static void giveBack(String key, ChunkEvaluator e) {
        IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(e);
    }

    /**
     * Closes and forgets everything: in local mode the driver's JVM is the executor, and a finished run's sessions
     * should not outlive it.
     */
    static synchronized void closeAll() {
        IDLE.values().forEach(d -> {
            ChunkEvaluator e;
            while ((e = d.pollFirst()) != null) {
                e.close();
            }
        });
        IDLE.clear();
        STORES.values().forEach(EcgStore::close);
        STORES.clear();
        MODELS.clear();
    }
}
