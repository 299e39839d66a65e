/**
 * CODE-15% (Ribeiro et al.): HDF5 {@code exams_part*.hdf5} tracings with the {@code exams.csv} labels
 * ({@link org.heatbench.datasets.importers.code15.Code15Source}).
 */
package org.heatbench.datasets.importers.code15;
