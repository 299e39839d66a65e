package org.heatbench.jobs;

import java.io.Serializable;
import java.util.List;
import org.heatbench.perturbation.stats.SummaryAccumulator;

/**
 * A committed work unit's partial statistics, combined by the driver into the run's summary.
 *
 * @param target target key
 * @param unit unit number
 * @param records records evaluated
 * @param rows Parquet rows written
 * @param summary the perturbation statistics of the unit's records
 * @param components the component shares of the unit's records
 * @param skipped every record × method without curves
 * @param seconds wall time of the unit's work
 * @param modelEvaluations perturbation forward rows
 */
record UnitPartial(String target, int unit, int records, int rows, SummaryAccumulator summary,
        ComponentShares components, List<Skipped> skipped, double seconds, long modelEvaluations)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * A record × method that produced no curve.
     *
     * @param recordId record id
     * @param recordIndex store index
     * @param method canonical method or {@code random_order}
     * @param status status key
     * @param message reason
     */
    record Skipped(String recordId, int recordIndex, String method, String status, String message)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
