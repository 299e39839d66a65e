/**
 * PhysioNet WFDB records: header parsing ({@link org.heatbench.datasets.importers.wfdb.WfdbHeader}), signal files
 * in formats 16, 61, 80, 160, 212, 24 and 32 ({@link org.heatbench.datasets.importers.wfdb.WfdbSignalReader}),
 * MIT-format annotation files ({@link org.heatbench.datasets.importers.wfdb.WfdbAnnotations}) turned into per-beat
 * P/QRS/T boundaries ({@link org.heatbench.datasets.importers.wfdb.Beat},
 * {@link org.heatbench.datasets.importers.wfdb.WaveBoundary}), whole records
 * ({@link org.heatbench.datasets.importers.wfdb.WfdbRecord}) and the importer
 * ({@link org.heatbench.datasets.importers.wfdb.WfdbSource}). Specification: PhysioNet's {@code header(5)},
 * {@code signal(5)} and {@code annot(5)} manual pages.
 */
package org.heatbench.datasets.importers.wfdb;
