package org.heatbench.results.run;

/**
 * {@code run.lease}: which driver works on a run directory. Created atomically (create-new) when a driver starts,
 * refreshed while it runs ({@code heartbeat}), removed when it ends; a second driver finding a live lease refuses to
 * start, so two submissions of one run id cannot clobber each other's files. Immutable.
 *
 * @param format {@value RunFiles#LEASE_FORMAT}
 * @param formatVersion {@link RunFiles#FORMAT_VERSION}
 * @param host the driver's host name
 * @param pid the driver's process id
 * @param token a random id of this lease (its owner recognises it)
 * @param started ISO-8601 instant the lease was taken
 * @param heartbeat ISO-8601 instant of its last refresh
 */
public record RunLease(String format, int formatVersion, String host, long pid, String token, String started,
        String heartbeat) {
}
