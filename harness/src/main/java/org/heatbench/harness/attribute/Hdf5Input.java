package org.heatbench.harness.attribute;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.store.Hdf5Integrity;
import org.heatbench.methods.FloatTensor;

/**
 * A numeric HDF5 dataset of shape {@code [N, item...]} read batch by batch (float32, float64 or integer types,
 * converted to float32). Holds the file open; close it.
 */
final class Hdf5Input implements AutoCloseable {
    private final Path file;
    private final String path;
    private final HdfFile hdf;
    private final Dataset dataset;
    private final int[] dims;

    private Hdf5Input(Path file, String path, HdfFile hdf, Dataset dataset) {
        this.file = file;
        this.path = path;
        this.hdf = hdf;
        this.dataset = dataset;
        this.dims = dataset.getDimensions();
    }

    /**
     * Opens a dataset.
     *
     * @throws InvalidInputException naming the file when it is missing, not HDF5, truncated, or lacks the dataset
     */
    static Hdf5Input open(Path file, String datasetPath) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("input file not found: " + file);
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException | IllegalArgumentException e) {
            throw new InvalidInputException("'" + file + "' is not a readable HDF5 file (truncated or another format): "
                    + e.getMessage(), e);
        }
        try {
            // jhdf reads past the end of a truncated file without complaint: check the recorded end of file first
            Hdf5Integrity.requireComplete(hdf, file);
            Node node;
            try {
                node = hdf.getByPath(datasetPath);
            } catch (HdfException e) {
                throw new InvalidInputException("'" + file + "' has no dataset '" + datasetPath + "'; top-level entries: "
                        + hdf.getChildren().keySet());
            }
            if (!(node instanceof Dataset d)) {
                throw new InvalidInputException("'" + datasetPath + "' in '" + file + "' is a group, not a dataset");
            }
            Class<?> t = d.getJavaType();
            if (!(t == float.class || t == double.class || t == short.class || t == int.class || t == long.class
                    || t == byte.class)) {
                throw new InvalidInputException("dataset '" + datasetPath + "' in '" + file + "' holds " + t.getSimpleName()
                        + " values; numeric data is needed");
            }
            if (d.getDimensions().length < 2) {
                throw new InvalidInputException("dataset '" + datasetPath + "' in '" + file + "' has shape "
                        + Arrays.toString(d.getDimensions()) + "; expected [records, leads, samples]");
            }
            int[] dims = d.getDimensions();
            if (dims[0] == 0) {
                throw new InvalidInputException("dataset '" + datasetPath + "' in '" + file + "' holds no records "
                        + "(shape " + Arrays.toString(dims) + ")");
            }
            long item = 1;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] <= 0) {
                    // jhdf reports dimensions as int: a declared 2^31 or more wraps to a negative number
                    throw new InvalidInputException("dataset '" + datasetPath + "' in '" + file + "' declares "
                            + "dimension " + i + " as " + Integer.toUnsignedString(dims[i]) + ", beyond the "
                            + Integer.MAX_VALUE + " HeatBench reads");
                }
                item = i == 0 ? 1 : item * dims[i];
            }
            if ((long) dims[0] * item > Integer.MAX_VALUE) {
                throw new InvalidInputException("dataset '" + datasetPath + "' in '" + file + "' holds "
                        + (long) dims[0] * item + " values (shape " + Arrays.toString(dims) + "), more than one "
                        + "attribution array can hold (" + Integer.MAX_VALUE + "); split the input");
            }
            return new Hdf5Input(file, datasetPath, hdf, d);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    int records() {
        return dims[0];
    }

    long[] itemShape() {
        long[] s = new long[dims.length - 1];
        for (int i = 1; i < dims.length; i++) {
            s[i - 1] = dims[i];
        }
        return s;
    }

    /** Reads records {@code [from, from + n)}. */
    FloatTensor read(int from, int n) {
        int[] slice = dims.clone();
        slice[0] = n;
        long[] offset = new long[dims.length];
        offset[0] = from;
        Object data;
        try {
            data = dataset.getData(offset, slice);
        } catch (HdfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidInputException("cannot read records " + from + ".." + (from + n - 1) + " of '" + path
                    + "' in '" + file + "' (truncated file?): " + e.getMessage(), e);
        }
        int item = 1;
        for (int i = 1; i < dims.length; i++) {
            item *= dims[i];
        }
        float[] flat = new float[n * item];
        int[] pos = {0};
        flatten(data, flat, pos);
        long[] shape = new long[dims.length];
        shape[0] = n;
        for (int i = 1; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        return new FloatTensor(flat, shape);
    }

    private static void flatten(Object data, float[] out, int[] pos) {
        if (data instanceof float[] f) {
            System.arraycopy(f, 0, out, pos[0], f.length);
            pos[0] += f.length;
        } else if (data instanceof double[] d) {
            for (double v : d) {
                out[pos[0]++] = (float) v;
            }
        } else if (data instanceof short[] s) {
            for (short v : s) {
                out[pos[0]++] = v;
            }
        } else if (data instanceof int[] s) {
            for (int v : s) {
                out[pos[0]++] = v;
            }
        } else if (data instanceof long[] s) {
            for (long v : s) {
                out[pos[0]++] = v;
            }
        } else if (data instanceof byte[] s) {
            for (byte v : s) {
                out[pos[0]++] = v;
            }
        } else if (data instanceof Object[] arr) {
            for (Object o : arr) {
                flatten(o, out, pos);
            }
        } else {
            throw new InvalidInputException("unexpected HDF5 data layout " + data.getClass());
        }
    }

    @Override
    public void close() {
        hdf.close();
    }
}
