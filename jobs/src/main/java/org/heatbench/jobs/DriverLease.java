package org.heatbench.jobs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.RunLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease of one driver on a run directory ({@code run.lease}, {@link RunLease}): taken with create-new, so two
 * drivers cannot both hold it; a lease is live while its process runs (same host) or its heartbeat is younger than
 * {@link #STALE} (another host); a stale lease is taken over with a warning, a live one refused in one line unless
 * {@code --break-lease}. Thread-safe.
 */
final class DriverLease {
    private static final Logger LOG = LoggerFactory.getLogger(DriverLease.class);
    /** A lease on another host not refreshed for this long is stale. */
    static final Duration STALE = Duration.ofMinutes(10);

    private final String runId;
    private final Path root;
    private final String leaseToken = UUID.randomUUID().toString();
    private volatile RunLease lease;

    DriverLease(String runId, Path root) {
        this.runId = runId;
        this.root = root;
    }

    /** @return whether this driver holds the lease */
    boolean held() {
        return lease != null;
    }

    private Path leaseFile() {
        return root.resolve("run.lease");
    }

    /**
     * Takes the lease.
     *
     * @param breakLease take it even from a driver that looks live
     * @throws ConfigurationException in one line when a live driver holds it
     */
    void acquire(boolean breakLease) throws IOException {
        Files.createDirectories(root);
        String now = Instant.now().toString();
        RunLease mine = new RunLease(RunFiles.LEASE_FORMAT, RunFiles.FORMAT_VERSION, host(),
                ProcessHandle.current().pid(), leaseToken, now, now);
        for (int tries = 0; tries < 2; tries++) {
            try {
                Files.writeString(leaseFile(), RunFiles.toJson(mine), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                lease = mine;
                return;
            } catch (FileAlreadyExistsException e) {
                RunLease other = readLease();
                String live = other == null ? null : liveness(other);
                if (live != null && !breakLease) {
                    throw new ConfigurationException("run_id '" + runId + "': " + root
                            + " is leased by another driver (" + live + "); wait for it, or pass --break-lease if "
                            + "that driver is gone");
                }
                LOG.warn("taking over the {} lease of {}", live == null ? "stale" : "broken", root);
                Files.deleteIfExists(leaseFile());
            }
        }
        throw new ConfigurationException("run_id '" + runId + "': another driver took the lease of "
                + root + " at the same moment");
    }

    private RunLease readLease() {
        try {
            return RunFiles.read(leaseFile(), RunFiles.LEASE_FORMAT, RunLease.class);
        } catch (HeatBenchException e) {
            return null; // unreadable: treated as stale (a driver writes its lease whole, atomically)
        }
    }

    /** @return a description of the holder when the lease is live, null when it is stale */
    static String liveness(RunLease l) {
        Instant beat;
        try {
            beat = Instant.parse(l.heartbeat());
        } catch (RuntimeException e) {
            return null;
        }
        long age = Duration.between(beat, Instant.now()).toSeconds();
        String who = "pid " + l.pid() + " on " + l.host() + ", heartbeat " + Math.max(0, age) + " s ago";
        if (l.host().equals(host())) {
            return ProcessHandle.of(l.pid()).map(ProcessHandle::isAlive).orElse(false) ? who : null;
        }
        return age < STALE.toSeconds() ? who : null;
    }

    /** Refreshes the heartbeat of this driver's lease. */
    void refresh() {
        RunLease l = lease;
        if (l == null) {
            return;
        }
        RunLease on = readLease();
        if (on == null || !on.token().equals(leaseToken)) {
            LOG.warn("the lease of {} was broken by another driver", root);
            lease = null;
            return;
        }
        lease = new RunLease(l.format(), l.formatVersion(), l.host(), l.pid(), l.token(), l.started(),
                Instant.now().toString());
        try {
            RunFiles.write(leaseFile(), lease);
        } catch (HeatBenchException e) {
            LOG.warn("cannot refresh the lease: {}", e.getMessage());
        }
    }

    /** Removes this driver's lease (idempotent; a lease taken over by another driver is left alone). */
    synchronized void release() {
        if (lease == null) {
            return;
        }
        RunLease on = readLease();
        try {
            if (on != null && on.token().equals(leaseToken)) {
                Files.deleteIfExists(leaseFile());
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the lease {}: {}", leaseFile(), e.toString());
        }
        lease = null;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
