package org.heatbench.methods.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Reading and writing ONNX {@link TensorProto} values (raw little-endian data or typed fields). */
public final class TensorProtos {
    /** ONNX element type numbers used by HeatBench. */
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int BOOL = 9;
    public static final int DOUBLE = 11;

    private TensorProtos() {
    }

    /** @return the number of elements */
    public static long size(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** @return the dimensions */
    public static long[] dims(TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDims(i);
        }
        return d;
    }

    /** Values of an integer tensor (int64, int32, int8/16, uint8, bool), widened to long. */
    public static long[] toLongs(TensorProto t) {
        int n = Math.toIntExact(size(t));
        long[] out = new long[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        switch (t.getDataType()) {
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = hasRaw ? raw.getLong(i * 8) : t.getInt64Data(i);
                }
            }
            case INT32, 5, 3, 4, 2, BOOL -> {
                int width = switch (t.getDataType()) {
                    case INT32 -> 4;
                    case 5, 4 -> 2;
                    default -> 1;
                };
                for (int i = 0; i < n; i++) {
                    if (!hasRaw) {
                        out[i] = t.getInt32Data(i);
                    } else if (width == 4) {
                        out[i] = raw.getInt(i * 4);
                    } else if (width == 2) {
                        out[i] = raw.getShort(i * 2);
                    } else {
                        out[i] = raw.get(i);
                    }
                }
            }
            default -> throw new InvalidModelException("tensor '" + t.getName() + "' has element type "
                    + t.getDataType() + " where integers were expected");
        }
        return out;
    }

    /** Values of a floating tensor (float or double), as double. */
    public static double[] toDoubles(TensorProto t) {
        int n = Math.toIntExact(size(t));
        double[] out = new double[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        switch (t.getDataType()) {
            case FLOAT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = hasRaw ? raw.getFloat(i * 4) : t.getFloatData(i);
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = hasRaw ? raw.getDouble(i * 8) : t.getDoubleData(i);
                }
            }
            default -> throw new InvalidModelException("tensor '" + t.getName() + "' has element type "
                    + t.getDataType() + " where floating-point values were expected");
        }
        return out;
    }

    /** The value of a {@code Constant} node, if it holds a tensor (value, value_float(s), value_int(s)). */
    public static Optional<TensorProto> constantNodeValue(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "value":
                    return Optional.of(a.getT());
                case "value_float":
                    return Optional.of(ofDoubles("", FLOAT, new long[0], new double[] {a.getF()}));
                case "value_floats":
                    double[] f = new double[a.getFloatsCount()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = a.getFloats(i);
                    }
                    return Optional.of(ofDoubles("", FLOAT, new long[] {f.length}, f));
                case "value_int":
                    return Optional.of(ofLongs("", new long[0], new long[] {a.getI()}));
                case "value_ints":
                    long[] l = new long[a.getIntsCount()];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = a.getInts(i);
                    }
                    return Optional.of(ofLongs("", new long[] {l.length}, l));
                default:
                    break;
            }
        }
        return Optional.empty();
    }

    /** An int64 tensor. */
    public static TensorProto ofLongs(String name, long[] dims, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        b.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(INT64).setRawData(ByteString.copyFrom(b));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A float or double tensor (per {@code type}) from double values. */
    public static TensorProto ofDoubles(String name, int type, long[] dims, double[] values) {
        ByteBuffer b;
        if (type == FLOAT) {
            b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                b.putFloat((float) v);
            }
        } else if (type == DOUBLE) {
            b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                b.putDouble(v);
            }
        } else {
            throw new IllegalArgumentException("not a floating ONNX type: " + type);
        }
        b.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(b));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A float32 tensor. */
    public static TensorProto ofFloats(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        b.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(ByteString.copyFrom(b));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
