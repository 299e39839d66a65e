/**
 * Result files of a perturbation run: {@link org.heatbench.perturbation.io.ResultsWriter} (the results directory and
 * its per-record files; its summary tables formatted by {@code SummaryTables}, {@code components.csv} by
 * {@code ComponentsTable}, every CSV field by {@code CsvFields}), the typed {@code summary.json}
 * ({@link org.heatbench.perturbation.io.SummaryDocument}, written and read by
 * {@link org.heatbench.perturbation.io.SummaryFile}) and the record row schema
 * ({@link org.heatbench.perturbation.io.RecordColumns}).
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation.io;
