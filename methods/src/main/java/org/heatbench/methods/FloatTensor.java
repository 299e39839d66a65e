package org.heatbench.methods;

import java.util.Arrays;
import java.util.Objects;
import org.heatbench.core.InvalidInputException;

/**
 * A dense float32 tensor in row-major (C) order: {@code data[i0*s0 + i1*s1 + ...]}. For ECG batches the layout is
 * {@code [N, leads, samples]} with amplitudes in µV.
 *
 * <p>The record holds its array without copying; callers that keep a tensor must not modify the array
 * afterwards. {@link #equals} compares contents.
 *
 * @param data the values, {@code data.length == product(shape)}
 * @param shape the dimensions, all non-negative
 */
public record FloatTensor(float[] data, long[] shape) {

    public FloatTensor {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    /** Creates a tensor over {@code data} (not copied). */
    public static FloatTensor of(float[] data, long... shape) {
        return new FloatTensor(data, shape);
    }

    /** Creates a zero tensor. */
    public static FloatTensor zeros(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return new FloatTensor(new float[Math.toIntExact(n)], shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return dimension {@code i} */
    public long dim(int i) {
        return shape[i];
    }

    /** @return the leading (batch) dimension */
    public int batchSize() {
        return Math.toIntExact(shape[0]);
    }

    /** @return the number of values per item of the leading dimension */
    public int itemSize() {
        return shape[0] == 0 ? 0 : data.length / Math.toIntExact(shape[0]);
    }

    /** @return the shape without the leading (batch) dimension */
    public long[] itemShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** @return a copy of items {@code [from, to)} of the leading dimension */
    public FloatTensor slice(int from, int to) {
        int item = itemSize();
        long[] s = shape.clone();
        s[0] = to - from;
        return new FloatTensor(Arrays.copyOfRange(data, from * item, to * item), s);
    }

    /**
     * Checks every value is finite.
     *
     * @param what names the tensor in the error, e.g. {@code "input batch starting at record 128"}
     * @throws InvalidInputException naming the first offending item and position
     */
    public void requireFinite(String what) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                int item = itemSize() == 0 ? 0 : i / itemSize();
                throw new InvalidInputException(what + ": item " + item + " has a non-finite value (" + data[i]
                        + ") at flat offset " + (i - item * itemSize()) + " of shape " + Arrays.toString(itemShape()));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
