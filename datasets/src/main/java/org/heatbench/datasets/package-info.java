/**
 * Median-beat datasets: the record model shared by the store, the generator and the importers.
 *
 * <p>{@link org.heatbench.datasets.EcgRecord} (signal [leads, samples] in µV, {@link org.heatbench.datasets.Targets}
 * with NaN for missing values, {@link org.heatbench.datasets.Fiducials} with -1 for unknown positions),
 * {@link org.heatbench.datasets.Lead} and {@link org.heatbench.datasets.LeadMapping} (12 ↔ 8 leads, exact limb-lead
 * derivation), {@link org.heatbench.datasets.SplitPolicy} (deterministic train/val/test) and
 * {@link org.heatbench.datasets.SeedSequence} (per-record random streams). Sub-packages: {@code store} (HDF5 shard
 * stores: format, writer, reader), {@code synth} (the synthetic generator), {@code truth} (ground-truth relevance
 * masks), {@code importers} (study HDF5/CSV, HL7 aECG, plain CSV). Format: {@code docs/DATASET_FORMAT.md}.
 *
 * <p>Depends on: {@code core}, jHDF, Jackson, Commons RNG; never on methods or anything above.
 */
package org.heatbench.datasets;
