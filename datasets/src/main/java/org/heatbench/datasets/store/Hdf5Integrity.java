package org.heatbench.datasets.store;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.core.InvalidInputException;

/**
 * Detects truncated HDF5 files before their data are read. jhdf reads past the end of a truncated file without an
 * error (returning whatever the mapping holds), so every HDF5 file HeatBench reads is first checked against the
 * end-of-file address its superblock records.
 */
public final class Hdf5Integrity {
    private Hdf5Integrity() {
    }

    /**
     * @throws InvalidInputException naming the file when it is shorter than its superblock says
     */
    public static void requireComplete(HdfFile hdf, Path path) {
        long eof = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + path, e);
        }
        if (size < eof) {
            throw new InvalidInputException("HDF5 file " + path + " is truncated: " + size + " bytes, its superblock "
                    + "says " + eof);
        }
    }
}
