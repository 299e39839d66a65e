package org.heatbench.perturbation.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs perturbation for one ONNX model over records of a median-beat store: per chunk of records, reads the
 * signals in the model's lead layout, computes every method's attributions (batched), evaluates all trajectories
 * ({@link org.heatbench.perturbation.eval.PerturbationEvaluator}) and accumulates the statistics. Workers run chunks in parallel, each with its own
 * ONNX Runtime sessions; records are delivered to the sink in selection order from the calling thread.
 *
 * <p>Determinism: attributions of randomised methods are seeded per record by {@code RecordSeeds.of(seed,
 * StreamKey.idKey(id))}, perturbation streams by {@link StreamKey}; single-record attribution batches are padded to
 * two rows (see {@link ChunkEvaluator}); statistics are exact. Results are therefore identical for any number of workers
 * and any chunk size (tested), on the CPU provider.
 *
 * <p>Checked before any chunk: the model's lead count and length against the store (12 → 8 leads by the store's
 * lead selection), the schedule against the record size, every method's compilation, the output index. Per record,
 * never dropped: non-finite inputs, non-finite attributions, non-finite predictions, missing truth (see
 * {@link org.heatbench.perturbation.eval.MethodStatus}).
 */
public final class PerturbationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PerturbationRunner.class);

    private PerturbationRunner() {
    }

    /**
     * The lead layout to read from a store for a model: the model's declared lead count picks the 8 independent
     * leads (I, II, V1–V6) or the standard 12; a symbolic lead dimension takes the store's leads.
     *
     * @throws ConfigurationException when the model's input shape cannot be fed from the store
     */
    public static List<Lead> leadsFor(OnnxModel model, EcgStore store) {
        long[] shape = model.declaredInputShape();
        if (shape.length != 3) {
            throw new ConfigurationException("model '" + model.source() + "' takes inputs of rank " + shape.length
                    + " " + Arrays.toString(shape) + "; perturbation needs [N, leads, samples]");
        }
        if (shape[2] > 0 && shape[2] != store.samples()) {
            throw new ConfigurationException("model '" + model.source() + "' takes " + shape[2]
                    + " samples per lead; the store at " + store.directory() + " has " + store.samples());
        }
        List<Lead> stored = store.leads();
        List<Lead> leads;
        if (shape[1] < 0 || shape[1] == stored.size()) {
            leads = stored;
        } else if (shape[1] == Lead.INDEPENDENT_8.size()) {
            leads = Lead.INDEPENDENT_8;
        } else if (shape[1] == Lead.STANDARD_12.size()) {
            leads = Lead.STANDARD_12;
        } else {
            throw new ConfigurationException("model '" + model.source() + "' takes " + shape[1] + " leads; the store "
                    + "has " + Lead.labels(stored) + " and can be read as its own " + stored.size() + " leads, the 8 "
                    + "independent leads (I, II, V1-V6) or the standard 12");
        }
        try {
            store.read(new int[0], leads);
        } catch (HeatBenchException e) {
            throw new ConfigurationException("model '" + model.source() + "' takes " + leads.size() + " leads "
                    + Lead.labels(leads) + ", which the store (" + Lead.labels(stored) + ") cannot supply: "
                    + e.getMessage(), e);
        }
        return leads;
    }

    /**
     * Runs the records {@code indices} (store indices, in delivery order).
     *
     * @param sink receives every record's evaluation in {@code indices} order, on the calling thread
     * @param progress receives progress after every delivered chunk, on the calling thread
     */
    public static RunResult run(OnnxModel model, EcgStore store, int[] indices, RunSpec spec,
            Consumer<RecordEvaluation> sink, Consumer<Progress> progress) {
        return runChunks(model, store, indices, spec, c -> c.evaluations().forEach(sink), progress);
    }

    /**
     * Runs the records {@code indices} as {@link #run} does, delivering whole chunks with their component shares.
     *
     * @param sink receives every chunk (records in {@code indices} order, chunks in order), on the calling thread
     * @param progress receives progress after every delivered chunk, on the calling thread
     */
    public static RunResult runChunks(OnnxModel model, EcgStore store, int[] indices, RunSpec spec,
            Consumer<EvaluatedChunk> sink, Consumer<Progress> progress) {
        List<Lead> leads = leadsFor(model, store);
        int samples = store.samples();
        spec.config().requireFits(leads.size(), samples);
        if (indices.length == 0) {
            throw new ConfigurationException("no records selected from the store at " + store.directory());
        }
        for (int i : indices) {
            if (i < 0 || i >= store.size()) {
                throw new ConfigurationException("record index " + i + " is outside the store (0.." + (store.size() - 1)
                        + ")");
            }
        }
        ExecutionOptions exec = spec.execution();
        if (exec.intraOpThreads() == 0 && spec.workers() > 1) {
            exec = exec.withIntraOpThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / spec.workers()));
        }
        int chunks = (indices.length + spec.chunkRecords() - 1) / spec.chunkRecords();
        int workers = Math.min(spec.workers(), chunks);
        LOG.info("perturbation of {} records, {} methods, target {}, {} worker(s), {} chunk(s)", indices.length,
                spec.methods().size(), spec.key(), workers, chunks);

        Shared shared = new Shared(model, store, indices, spec, leads, samples, exec, chunks);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "heatbench-perturb-" + shared.threadIds.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        List<Future<Worker>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> new Worker(shared).run()));
            }
            TreeMap<Integer, EvaluatedChunk> pending = new TreeMap<>();
            int delivered = 0;
            int recordsDone = 0;
            while (delivered < chunks) {
                Object m = shared.done.poll(200, TimeUnit.MILLISECONDS);
                if (m == null) {
                    continue;
                }
                if (m instanceof Throwable t) {
                    throw rethrow(t);
                }
                ChunkDone c = (ChunkDone) m;
                pending.put(c.chunk(), c.records());
                while (pending.containsKey(delivered)) {
                    EvaluatedChunk rs = pending.remove(delivered);
                    sink.accept(rs);
                    recordsDone += rs.evaluations().size();
                    delivered++;
                    progress.accept(new Progress(recordsDone, indices.length, shared.evaluations.get(),
                            (System.nanoTime() - started) / 1e9));
                }
            }
            SummaryAccumulator total = null;
            ComponentShares components = null;
            String provider = "cpu";
            for (Future<Worker> f : futures) {
                Worker w = f.get();
                total = total == null ? w.summary : total.combine(w.summary);
                components = components == null ? w.components : components.combine(w.components);
                provider = w.provider == null ? provider : w.provider;
            }
            return new RunResult(total, indices.length, shared.evaluations.get(), (System.nanoTime() - started) / 1e9,
                    leads, provider, components);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeatBenchException("perturbation run interrupted", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            shared.failed.set(true);
            pool.shutdownNow();
            try {
                pool.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new HeatBenchException("perturbation worker failed: " + t, t);
    }

    /** A finished chunk. */
    private record ChunkDone(int chunk, EvaluatedChunk records) {
    }

    /** State shared by the workers of one run. */
    private static final class Shared {
        final OnnxModel model;
        final EcgStore store;
        final int[] indices;
        final RunSpec spec;
        final List<Lead> leads;
        final int samples;
        final ExecutionOptions exec;
        final int chunks;
        final AtomicInteger nextChunk = new AtomicInteger();
        final AtomicInteger threadIds = new AtomicInteger();
        final AtomicLong evaluations = new AtomicLong();
        final AtomicBoolean failed = new AtomicBoolean();
        final LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();

        Shared(OnnxModel model, EcgStore store, int[] indices, RunSpec spec, List<Lead> leads, int samples,
                ExecutionOptions exec, int chunks) {
            this.model = model;
            this.store = store;
            this.indices = indices;
            this.spec = spec;
            this.leads = leads;
            this.samples = samples;
            this.exec = exec;
            this.chunks = chunks;
        }
    }

    /** One worker: its sessions, its partial summary. */
    private static final class Worker {
        final Shared s;
        final SummaryAccumulator summary;
        final ComponentShares components;
        final List<String> names;
        String provider;

        Worker(Shared s) {
            this.s = s;
            this.names = s.spec.methodNames();
            this.summary = SummaryAccumulator.create(s.spec.config(), s.spec.key(), names, s.spec.classification());
            this.components = ComponentShares.create(names);
        }

        Worker run() throws InterruptedException {
            try (ChunkEvaluator pipeline = ChunkEvaluator.create(s.model, s.spec, s.leads, s.samples,
                    s.store.samplingRateHz(), s.exec)) {
                provider = pipeline.provider();
                int c;
                while (!s.failed.get() && (c = s.nextChunk.getAndIncrement()) < s.chunks) {
                    long before = pipeline.modelEvaluations();
                    int from = c * s.spec.chunkRecords();
                    int to = Math.min(s.indices.length, from + s.spec.chunkRecords());
                    EcgBatch b = s.store.read(Arrays.copyOfRange(s.indices, from, to), s.leads);
                    EvaluatedChunk chunk = pipeline.run(b);
                    List<RecordEvaluation> rs = chunk.evaluations();
                    rs.forEach(summary::accept);
                    chunk.addSharesTo(components);
                    s.evaluations.addAndGet(pipeline.modelEvaluations() - before);
                    s.done.put(new ChunkDone(c, chunk));
                }
            } catch (RuntimeException | Error e) {
                s.failed.set(true);
                s.done.put(e);
            }
            return this;
        }
    }
}
