/**
 * The comparison report of a run: a static HTML page (no network) and XChart figures, from the run directory alone.
 *
 * <p>Depends on: {@code core}, {@code perturbation} (and what it brings), jHDF, Jackson, XChart; never on jobs,
 * Spark or the command line.
 */
package org.heatbench.results.report;
