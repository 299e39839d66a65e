package org.heatbench.results.run;

import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.stats.Moments;
import org.heatbench.perturbation.stats.SummaryAccumulator;

/**
 * {@code units/<target>-<unit>.partial.json.gz} (gzip-compressed JSON): a committed unit's partial statistics, combined by the driver into the
 * run's summary. Typed JSON of the accumulators' exact states (counts, the partials of every exact sum, the paired
 * rows): restoring and combining them gives bit-for-bit the summary of one pass over all records, whatever the
 * units. No Java serialisation: reading it instantiates nothing but these records. Immutable.
 *
 * @param format {@value RunFiles#PARTIAL_FORMAT}
 * @param formatVersion {@link RunFiles#FORMAT_VERSION}
 * @param target target key
 * @param unit unit number
 * @param records records evaluated
 * @param rows Parquet rows written
 * @param summary the perturbation statistics of the unit's records
 * @param components method → the component shares' moments ({@code ComponentShares.COMPONENTS} order)
 * @param skipped every record × method without curves
 */
public record UnitPartial(String format, int formatVersion, String target, int unit, int records, int rows,
        SummaryAccumulator.State summary, Map<String, Moments.State[]> components, List<Skipped> skipped) {

    /** A partial of the current format. */
    public static UnitPartial of(String target, int unit, int records, int rows, SummaryAccumulator.State summary,
            Map<String, Moments.State[]> components, List<Skipped> skipped) {
        return new UnitPartial(RunFiles.PARTIAL_FORMAT, RunFiles.FORMAT_VERSION, target, unit, records, rows, summary,
                components, List.copyOf(skipped));
    }

    /**
     * A record × method that produced no curve.
     *
     * @param recordId record id
     * @param recordIndex store index
     * @param method canonical method or {@code random_order}
     * @param status status key
     * @param message reason
     */
    public record Skipped(String recordId, int recordIndex, String method, String status, String message) {
    }
}
