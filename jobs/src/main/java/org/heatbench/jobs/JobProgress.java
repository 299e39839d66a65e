package org.heatbench.jobs;

/**
 * Progress of a running job, from the committed units.
 *
 * @param unitsDone units committed (including those of an earlier attempt of the run)
 * @param unitsTotal units in the run
 * @param recordsDone record × target evaluations committed
 * @param recordsTotal record × target evaluations in the run
 * @param recordsThisRun committed by this invocation (the rate's numerator)
 * @param seconds since the Spark stage started
 */
public record JobProgress(int unitsDone, int unitsTotal, long recordsDone, long recordsTotal, long recordsThisRun,
        double seconds) {

    /** @return record × target evaluations per second in this invocation */
    public double rate() {
        return seconds > 0 ? recordsThisRun / seconds : Double.NaN;
    }

    /** @return estimated seconds left, NaN before the first unit */
    public double etaSeconds() {
        double r = rate();
        return r > 0 ? (recordsTotal - recordsDone) / r : Double.NaN;
    }
}
