package org.heatbench.methods.backward;

import java.util.Arrays;

/**
 * What graph analysis learned about one tensor.
 *
 * @param name the ONNX tensor name
 * @param onnxType the ONNX element type number (1 = float, 7 = int64, 11 = double)
 * @param dims the dimensions at the analysis batch size ({@link GraphAnalysis#PROBE_BATCH}); a batch-dependent
 *     dimension holds that batch size
 * @param batchDims which dimensions scale with the batch size (normally only dimension 0 of activations)
 * @param constantValues for integer tensors that do not depend on the batch, their values (shape arithmetic);
 *     otherwise {@code null}
 */
public record TensorInfo(String name, int onnxType, long[] dims, boolean[] batchDims, long[] constantValues) {

    public TensorInfo {
        dims = dims.clone();
        batchDims = batchDims.clone();
        constantValues = constantValues == null ? null : constantValues.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public boolean[] batchDims() {
        return batchDims.clone();
    }

    @Override
    public long[] constantValues() {
        return constantValues == null ? null : constantValues.clone();
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /** @return dimension {@code i} (negative counts from the end) */
    public long dim(int i) {
        return dims[i < 0 ? i + dims.length : i];
    }

    /** @return whether dimension {@code i} scales with the batch size */
    public boolean isBatchDim(int i) {
        return batchDims[i < 0 ? i + dims.length : i];
    }

    /** @return whether any dimension scales with the batch */
    public boolean hasBatchDim() {
        for (boolean b : batchDims) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** @return the product of all non-batch dimensions */
    public long staticSize() {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!batchDims[i]) {
                n *= dims[i];
            }
        }
        return n;
    }

    /** @return whether the element type is floating point (the only types that carry gradients) */
    public boolean isFloating() {
        return onnxType == 1 || onnxType == 11 || onnxType == 10 || onnxType == 16;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('[');
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ",").append(batchDims[i] ? "N" : Long.toString(dims[i]));
        }
        return sb.append(']').toString() + (constantValues == null ? "" : "=" + Arrays.toString(constantValues));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && onnxType == t.onnxType && Arrays.equals(dims, t.dims)
                && Arrays.equals(batchDims, t.batchDims) && Arrays.equals(constantValues, t.constantValues);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }
}
