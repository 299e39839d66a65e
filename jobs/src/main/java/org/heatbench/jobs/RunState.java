package org.heatbench.jobs;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.heatbench.core.HeatBenchException;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.RunManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * run.json while the driver lives: {@code running} from the start, the final state at the end, and — through a
 * shutdown hook — {@code interrupted} with the reason when the JVM exits before the run finished (SIGTERM, Ctrl-C,
 * {@code System.exit}), with the units counted from their markers. So no run is left {@code running} by a driver
 * that is gone, except after {@code kill -9} (which no code can observe; the lease then shows the driver is dead).
 * Thread-safe: the hook and the driver's thread write under one lock.
 */
final class RunState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunState.class);

    private final RunPlan plan;
    private final RunDirectory dir;
    private final Thread hook;
    private RunManifest manifest;
    private boolean ended;

    private RunState(RunPlan plan, RunDirectory dir) {
        this.plan = plan;
        this.dir = dir;
        RunLayout layout = plan.layout();
        String created = null;
        var earlier = RunFiles.tree(layout.run());
        if (earlier != null && earlier.hasNonNull("created")) {
            created = earlier.get("created").asText();
        }
        manifest = SummaryWriter.manifest(plan, RunManifest.RUNNING, "", created, markerCounts());
        RunFiles.write(layout.run(), manifest);
        hook = new Thread(this::interrupted, "heatbench-run-state");
    }

    /** Writes run.json {@code running} and registers the shutdown hook. */
    static RunState start(RunPlan plan, RunDirectory dir) {
        RunState s = new RunState(plan, dir);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** @return the shutdown hook (tests run it as the JVM would on SIGTERM) */
    Thread hook() {
        return hook;
    }

    /** Records the Spark application that works on the run. */
    synchronized void application(String id) {
        manifest = manifest.withApplication(id);
        RunFiles.write(plan.layout().run(), manifest);
    }

    /** Writes the final state. */
    synchronized void finish(String state, String message, RunManifest.Counts counts, RunManifest.Timing timing) {
        manifest = manifest.withState(state, message, java.time.Instant.now().toString(), counts).withTiming(timing);
        RunFiles.write(plan.layout().run(), manifest);
        ended = true;
    }

    /** Writes {@code failed} with the reason (unless a final state was written). */
    synchronized void fail(String message) {
        end(RunManifest.FAILED, message);
    }

    private synchronized void interrupted() {
        end(RunManifest.INTERRUPTED, "the driver was stopped (signal or JVM shutdown) before the run finished");
        dir.release();
    }

    private void end(String state, String message) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            manifest = manifest.withState(state, message, java.time.Instant.now().toString(), markerCounts());
            RunFiles.write(plan.layout().run(), manifest);
        } catch (HeatBenchException | IllegalStateException e) {
            LOG.warn("cannot record the run's state {}: {}", state, e.getMessage());
        }
    }

    /** Counts from the markers present (not verified: fast enough for a shutdown hook). */
    private RunManifest.Counts markerCounts() {
        Set<RunPlan.Unit> marked = new HashSet<>();
        for (RunPlan.Unit u : plan.units()) {
            if (Files.exists(plan.layout().unitDone(u.target(), u.number()))) {
                marked.add(u);
            }
        }
        try {
            return SummaryWriter.counts(plan, marked);
        } catch (HeatBenchException e) {
            return new RunManifest.Counts(plan.units().size(), marked.size(), java.util.Map.of());
        }
    }

    /** Removes the shutdown hook (the driver returned or threw). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs
        }
    }
}
