package org.heatbench.jobs;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;
import org.heatbench.results.RunLayout;

/**
 * Follows the commit markers while the Spark stage runs: reports progress when the committed units change (and once
 * at the end), and refreshes the driver's lease every 30 s. A daemon thread; {@link #close()} stops it after a last
 * report.
 */
final class ProgressMonitor implements AutoCloseable {
    private static final long PERIOD_MS = 2000;
    private static final long LEASE_MS = 30_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private ProgressMonitor(RunPlan plan, RunDirectory dir, HeatBenchJob.Listener listener) {
        RunLayout layout = plan.layout();
        long total = (long) plan.indices().length * plan.targets().size();
        long already = records(plan, layout);
        long t0 = System.nanoTime();
        thread = new Thread(() -> {
            boolean last = false;
            long reported = -1;
            long leaseAt = System.nanoTime();
            while (!last) {
                last = stop.get();
                int done = 0;
                long records = 0;
                for (RunPlan.Unit u : plan.units()) {
                    if (Files.exists(layout.unitDone(u.target(), u.number()))) {
                        done++;
                        records += u.size();
                    }
                }
                if (records != reported || last) {
                    reported = records;
                    listener.progress(new JobProgress(done, plan.units().size(), records, total, records - already,
                            (System.nanoTime() - t0) / 1e9));
                }
                if (System.nanoTime() - leaseAt > LEASE_MS * 1_000_000L) {
                    dir.refreshLease();
                    leaseAt = System.nanoTime();
                }
                if (!last) {
                    try {
                        Thread.sleep(PERIOD_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "heatbench-progress");
        thread.setDaemon(true);
    }

    /** Starts following the run. */
    static ProgressMonitor start(RunPlan plan, RunDirectory dir, HeatBenchJob.Listener listener) {
        ProgressMonitor m = new ProgressMonitor(plan, dir, listener);
        m.thread.start();
        return m;
    }

    private static long records(RunPlan plan, RunLayout layout) {
        return plan.units().stream().filter(u -> Files.exists(layout.unitDone(u.target(), u.number())))
                .mapToLong(RunPlan.Unit::size).sum();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
