package org.heatbench.methods.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.TensorInfo;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * A tensor value observed during a probe run: its ONNX element type, shape and, for integer tensors of at most
 * {@value #MAX_INT_VALUES} values, the values themselves (shape-computation subgraphs produce those).
 *
 * @param onnxType the ONNX {@code TensorProto.DataType} number (1 = float, 7 = int64, 11 = double, ...)
 * @param shape the dimensions
 * @param longValues integer values (widened) for small integer tensors, else {@code null}
 */
public record ProbedValue(int onnxType, long[] shape, long[] longValues) {
    /** Integer tensors up to this size keep their values. */
    public static final int MAX_INT_VALUES = 64;

    static ProbedValue of(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        int type = onnxDataType(info.type);
        long[] values = null;
        long n = info.getNumElements();
        if (n <= MAX_INT_VALUES) {
            OnnxJavaType jt = info.type;
            if (jt == OnnxJavaType.INT64) {
                LongBuffer b = t.getLongBuffer();
                values = new long[b.remaining()];
                b.get(values);
            } else if (jt == OnnxJavaType.INT32) {
                IntBuffer b = t.getIntBuffer();
                values = new long[b.remaining()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = b.get(i);
                }
            }
        }
        return new ProbedValue(type, shape, values);
    }

    /** Maps ONNX Runtime's Java element type to the ONNX {@code TensorProto.DataType} number. */
    static int onnxDataType(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> 1;
            case UINT8 -> 2;
            case INT8 -> 3;
            case INT16 -> 5;
            case INT32 -> 6;
            case INT64 -> 7;
            case STRING -> 8;
            case BOOL -> 9;
            case FLOAT16 -> 10;
            case DOUBLE -> 11;
            case BFLOAT16 -> 16;
            default -> 0;
        };
    }

    /** @return whether the element type is a floating-point type (float, double, float16, bfloat16) */
    public boolean isFloating() {
        return onnxType == 1 || onnxType == 11 || onnxType == 10 || onnxType == 16;
    }

}
