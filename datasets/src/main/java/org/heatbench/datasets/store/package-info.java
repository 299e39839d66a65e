/**
 * The median-beat store: a directory of HDF5 shards plus {@code manifest.json} ({@code docs/DATASET_FORMAT.md}).
 * Write with {@link org.heatbench.datasets.store.StoreWriter}, read with {@link org.heatbench.datasets.store.EcgStore}
 * (random access by index range, indices or id; lazy batch streams; lead selection), which returns
 * {@link org.heatbench.datasets.store.EcgBatch}es whose signals are one contiguous float32 block [n, leads, samples].
 *
 * <p>Depends on: {@code core}, jHDF, Jackson, Commons RNG; never on methods or anything above.
 */
package org.heatbench.datasets.store;
