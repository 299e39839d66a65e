/**
 * Importers into a store: {@link org.heatbench.datasets.importers.RecordSource}s for the reference study's HDF5 and
 * CSV layouts, HL7 aECG XML and plain CSV, run by {@link org.heatbench.datasets.importers.Importer}, which fits each
 * record to the store (resampling, leads, length) and reports every rejection with its reason.
 */
package org.heatbench.datasets.importers;
