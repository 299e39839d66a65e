package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Explicit geometry of a sliding-window operator (Conv, pools) over its spatial dimensions: kernel, strides,
 * dilations and begin/end pads, with {@code auto_pad} resolved as the ONNX spec defines it.
 *
 * @param in input spatial sizes
 * @param out output spatial sizes
 */
record WindowGeometry(long[] in, long[] out, long[] kernel, long[] strides, long[] dilations, long[] padBegin,
        long[] padEnd) {

    static WindowGeometry of(NodeProto node, TensorInfo x, TensorInfo y, long[] kernel) {
        int sp = x.rank() - 2;
        long[] in = Arrays.copyOfRange(x.dims(), 2, x.rank());
        long[] out = Arrays.copyOfRange(y.dims(), 2, y.rank());
        long[] strides = orOnes(GraphBuilder.intsAttr(node, "strides"), sp);
        long[] dil = orOnes(GraphBuilder.intsAttr(node, "dilations"), sp);
        long[] pads = GraphBuilder.intsAttr(node, "pads");
        long[] pb = new long[sp];
        long[] pe = new long[sp];
        String auto = GraphBuilder.stringAttr(node, "auto_pad", "NOTSET");
        for (int i = 0; i < sp; i++) {
            long eff = (kernel[i] - 1) * dil[i] + 1;
            switch (auto) {
                case "SAME_UPPER", "SAME_LOWER" -> {
                    long total = Math.max(0, (out[i] - 1) * strides[i] + eff - in[i]);
                    long small = total / 2;
                    pb[i] = auto.equals("SAME_UPPER") ? small : total - small;
                    pe[i] = total - pb[i];
                }
                case "VALID" -> {
                    pb[i] = 0;
                    pe[i] = 0;
                }
                default -> {
                    pb[i] = pads == null ? 0 : pads[i];
                    pe[i] = pads == null ? 0 : pads[i + sp];
                }
            }
        }
        return new WindowGeometry(in, out, kernel, strides, dil, pb, pe);
    }

    private static long[] orOnes(long[] v, int n) {
        if (v != null && v.length == n) {
            return v;
        }
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    int spatialRank() {
        return in.length;
    }

    /** Effective kernel extent {@code (k-1)·d + 1} along dimension i. */
    long effectiveKernel(int i) {
        return (kernel[i] - 1) * dilations[i] + 1;
    }

    boolean unitStrides() {
        return Arrays.stream(strides).allMatch(s -> s == 1);
    }

    /**
     * Pads and output padding that make a ConvTranspose of the output-shaped gradient produce exactly the input
     * size: {@code s·(out−1) + K − pb − pe' + outputPadding = in}. Windows that ran past the end (ceil_mode)
     * crop through a larger end pad; input tails no window reached come back as output padding.
     *
     * @return {@code [pads (begin..., end...), outputPadding...]} flattened: first 2·sp pads then sp output pads
     */
    long[] transposePadsAndOutputPadding() {
        int sp = spatialRank();
        long[] r = new long[3 * sp];
        for (int i = 0; i < sp; i++) {
            long full = strides[i] * (out[i] - 1) + effectiveKernel(i);
            long endPad = full - padBegin[i] - in[i];
            r[i] = padBegin[i];
            if (endPad >= 0) {
                r[sp + i] = endPad;
                r[2 * sp + i] = 0;
            } else {
                r[sp + i] = 0;
                r[2 * sp + i] = -endPad;
            }
        }
        return r;
    }
}
