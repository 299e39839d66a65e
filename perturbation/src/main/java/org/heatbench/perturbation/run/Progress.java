package org.heatbench.perturbation.run;

/**
 * How far a run is.
 *
 * @param recordsDone records evaluated and delivered
 * @param recordsTotal records selected
 * @param modelEvaluations model forward evaluations so far (rows, padding excluded)
 * @param elapsedSeconds wall time since the first chunk started
 */
public record Progress(int recordsDone, int recordsTotal, long modelEvaluations, double elapsedSeconds) {

    /** @return records per second so far */
    public double recordsPerSecond() {
        return elapsedSeconds > 0 ? recordsDone / elapsedSeconds : 0;
    }

    /** @return model evaluations per second so far */
    public double evaluationsPerSecond() {
        return elapsedSeconds > 0 ? modelEvaluations / elapsedSeconds : 0;
    }

    /** @return estimated seconds left at the rate so far (NaN before the first record) */
    public double etaSeconds() {
        return recordsDone == 0 ? Double.NaN : (recordsTotal - recordsDone) / recordsPerSecond();
    }
}
