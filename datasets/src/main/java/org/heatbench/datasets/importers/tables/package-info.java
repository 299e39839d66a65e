/**
 * Label and measurement tables joined to imported records by record id: PTB-XL's {@code ptbxl_database.csv}
 * ({@link org.heatbench.datasets.importers.tables.PtbXlDatabase}), MIMIC-IV-ECG's {@code machine_measurements.csv}
 * ({@link org.heatbench.datasets.importers.tables.MimicMeasurements}), PTB-XL+ feature tables
 * ({@link org.heatbench.datasets.importers.tables.PtbXlPlusFeatures}), applied by
 * {@link org.heatbench.datasets.importers.tables.JoinedSource}.
 */
package org.heatbench.datasets.importers.tables;
