package org.heatbench.results.run;

import java.util.Map;

/**
 * {@code units/<target>-<unit>.done}: the commit marker of a work unit, renamed into place last. It lists the SHA-256
 * of every file the unit wrote, so that a zeroed, truncated, swapped or deleted file is found (and the unit
 * recomputed) on resume and before the summary. Immutable.
 *
 * @param format {@value RunFiles#UNIT_FORMAT}
 * @param formatVersion {@link RunFiles#FORMAT_VERSION}
 * @param target target key
 * @param unit unit number
 * @param from first record of the selection (inclusive)
 * @param to last record of the selection (exclusive)
 * @param records records evaluated
 * @param rows Parquet rows written
 * @param skipped record × method rows without curves
 * @param recordsSkipped records nothing could be evaluated on
 * @param recordsIncomplete records where some method (or the control) produced no curve, e.g. a non-finite model
 *     output or attribution: they leave the common set of the statistics
 * @param seconds wall time of the unit's work
 * @param modelEvaluations perturbation forward rows
 * @param attempt the Spark task attempt that committed it
 * @param application the Spark application that committed it
 * @param files path relative to the run directory → SHA-256 (hex) of the file's bytes
 */
public record UnitMarker(String format, int formatVersion, String target, int unit, int from, int to, int records,
        int rows, int skipped, int recordsSkipped, int recordsIncomplete, double seconds, long modelEvaluations,
        int attempt, String application, Map<String, String> files) {
}
