package org.heatbench.datasets.importers;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;

/**
 * Reads files on several threads and hands the items on in file order, so that an import's result does not
 * depend on the thread count. At most {@code 2 × threads} files are in flight, which bounds memory. The reader
 * function must be thread-safe; the sink is called on the caller's thread only.
 */
public final class ParallelReads {
    /** Name of the importer parameter {@link #threadsParameter()}. */
    public static final String THREADS = "threads";
    /** Threads used when the parameter is 0 (auto): the cores, at most this many (reads are I/O and parse bound). */
    public static final int AUTO_MAX = 4;

    private ParallelReads() {
    }

    /**
     * The {@code threads} parameter of an importer that reads in parallel: 0 (the default, left out of the
     * canonical form) means the cores, at most {@value #AUTO_MAX}. It is an execution setting: the records, their
     * order and the store do not depend on it, so {@link ImporterRegistry#provenance} leaves it out.
     */
    public static ParameterDescriptor threadsParameter() {
        return ParameterDescriptor.ofInt(THREADS, 0, 0, "files read in parallel (0: the cores, at most " + AUTO_MAX
                + "); the store is the same for any count").omitWhenDefault();
    }

    /** @return the thread count of a canonical spec's {@link #threadsParameter()}, 0 resolved to the cores */
    public static int threads(Spec canonical) {
        int n = canonical.params().containsKey(THREADS) ? canonical.getInt(THREADS) : 0;
        return n > 0 ? n : Math.min(AUTO_MAX, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads 1 reads on the caller's thread; more use a pool that lives for this call
     */
    public static void forEachOrdered(List<Path> files, int threads, Function<Path, SourceItem> read,
            Consumer<SourceItem> sink) {
        if (threads <= 1 || files.size() < 2) {
            files.forEach(f -> sink.accept(read.apply(f)));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "heatbench-import-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<SourceItem>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < files.size() || !inFlight.isEmpty()) {
                while (next < files.size() && inFlight.size() < 2 * threads) {
                    Path f = files.get(next++);
                    inFlight.add(pool.submit(() -> read.apply(f)));
                }
                sink.accept(get(inFlight.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static SourceItem get(Future<SourceItem> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
