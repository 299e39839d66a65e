/**
 * The typed files of a run directory ({@code docs/RESULTS_FORMAT.md}): the manifest {@code run.json}
 * ({@link org.heatbench.results.run.RunManifest}), a work unit's commit marker
 * ({@link org.heatbench.results.run.UnitMarker}) and partial statistics
 * ({@link org.heatbench.results.run.UnitPartial}), the driver's lease ({@link org.heatbench.results.run.RunLease}),
 * and their JSON reading and writing with the format check and file checksums
 * ({@link org.heatbench.results.run.RunFiles}). Every writer of a run (the Spark jobs) and every reader (the report,
 * resume) uses these types; nothing in a run directory is Java-serialised. Depends on {@code core} and the
 * statistics of {@code perturbation}.
 */
package org.heatbench.results.run;
