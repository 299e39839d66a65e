/**
 * The run directory's layout ({@link org.heatbench.results.RunLayout}) and the gallery files a run writes and the
 * report reads.
 *
 * <p>Depends on: {@code core}, {@code perturbation} (and what it brings), jHDF, Jackson, XChart; never on jobs,
 * Spark or the command line.
 */
package org.heatbench.results;
