/**
 * Importers into a store: {@link org.heatbench.datasets.importers.RecordSource}s for the reference study's HDF5 and
 * CSV layouts, HL7 aECG XML and plain CSV, run by {@link org.heatbench.datasets.importers.Importer}, which fits each
 * record to the store (resampling, leads, length) and reports every rejection with its reason.
 *
 * <p>Depends on: {@code core}, jHDF, Jackson, Commons RNG; never on methods or anything above.
 */
package org.heatbench.datasets.importers;
