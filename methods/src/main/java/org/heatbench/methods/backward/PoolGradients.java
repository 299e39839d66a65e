package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Gradients of MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool.
 *
 * <p>MaxPool routes each output's gradient to the input position its Indices output names, adding where windows
 * overlap (ScatterElements with reduction=add; MaxUnpool would overwrite — ../shared/STACK.md pitfall 8). Ties go
 * to the position ONNX Runtime's kernel picked, the first in the window, as in PyTorch.
 */
final class PoolGradients {
    private PoolGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("MaxPool", new MaxPoolRule())
                .with("AveragePool", PoolGradients::averagePool)
                .with("GlobalAveragePool", PoolGradients::globalAveragePool)
                .with("GlobalMaxPool", PoolGradients::globalMaxPool);
    }

    /**
     * MaxPool. Non-overlapping 1-D windows without padding or dilation (kernel = stride, the common {@code MaxPool1d(k)})
     * take a fast path: the winner of each window is the ArgMax (first index on ties) of the input reshaped to
     * [N, C, L/k, k], and the gradient is placed there with Where — the forward node is left alone, keeping ONNX
     * Runtime's fast pooling kernel. Other windows add an Indices output to the forward node and scatter.
     */
    static final class MaxPoolRule implements BackwardRule {
        @Override
        public NodeProto rewriteForward(NodeProto node, GraphBuilder builder) {
            if (nonOverlapping1d(node) || (node.getOutputCount() >= 2 && !node.getOutput(1).isEmpty())) {
                return node;
            }
            NodeProto.Builder n = node.toBuilder();
            String idx = builder.fresh(node.getOutput(0) + "/indices");
            if (n.getOutputCount() >= 2) {
                n.setOutput(1, idx);
            } else {
                n.addOutput(idx);
            }
            return n.build();
        }

        @Override
        public void backward(BackwardContext c) {
            if (GraphBuilder.intAttr(c.node(), "storage_order", 0) != 0) {
                throw c.unsupported("storage_order=1 (column-major indices)");
            }
            if (nonOverlapping1d(c.node()) && c.inputInfo(0).rank() == 3) {
                c.addInputGrad(0, windowArgMax1d(c, c.outputGrad(0)));
                return;
            }
            c.addInputGrad(0, scatterToIndices(c, c.outputGrad(0), c.output(1), c.input(0)));
        }
    }

    /** kernel = stride, one spatial dimension, no padding, no dilation, floor mode. */
    static boolean nonOverlapping1d(NodeProto n) {
        long[] k = GraphBuilder.intsAttr(n, "kernel_shape");
        long[] s = GraphBuilder.intsAttr(n, "strides");
        long[] p = GraphBuilder.intsAttr(n, "pads");
        long[] d = GraphBuilder.intsAttr(n, "dilations");
        return k != null && k.length == 1 && s != null && s.length == 1 && s[0] == k[0]
                && (p == null || (p[0] == 0 && p[1] == 0)) && (d == null || d[0] == 1)
                && GraphBuilder.intAttr(n, "ceil_mode", 0) == 0
                && GraphBuilder.stringAttr(n, "auto_pad", "NOTSET").matches("NOTSET|VALID")
                && (n.getOutputCount() < 2 || n.getOutput(1).isEmpty());
    }

    /**
     * Gradient of non-overlapping 1-D max pooling without indices. Only same-shape elementwise kernels are used:
     * ONNX Runtime's broadcasting comparisons and Where are several times slower than the convolutions here.
     * Windows of 2 compare their halves ({@code g0 = g·[x0 ≥ x1]}, {@code g1 = g − g0}); wider windows one-hot the
     * ArgMax. Either way the first maximum of a window wins ties, as in PyTorch.
     */
    static String windowArgMax1d(BackwardContext c, String dy) {
        GraphBuilder b = c.builder();
        long k = GraphBuilder.intsAttr(c.node(), "kernel_shape")[0];
        TensorInfo x = c.inputInfo(0);
        long len = x.dim(2);
        long out = len / k;
        String xs = c.input(0);
        if (out * k != len) {
            xs = b.op("Slice", "maxpool_used", xs, b.longs(0), b.longs(out * k), b.longs(2));
        }
        String windows = b.op("Reshape", "maxpool_windows", xs, b.longs(0, 0, out, k));
        String g = b.op("Unsqueeze", "maxpool_g", dy, b.longs(3));
        String placed;
        if (k == 2) {
            String x0 = b.op("Slice", "maxpool_x0", windows, b.longs(0), b.longs(1), b.longs(3));
            String x1 = b.op("Slice", "maxpool_x1", windows, b.longs(1), b.longs(2), b.longs(3));
            String first = b.op("Cast", "maxpool_first", List.of(b.op("GreaterOrEqual", "maxpool_ge", x0, x1)),
                    GraphBuilder.attr("to", (long) b.floatType()));
            String g0 = b.op("Mul", "grad_maxpool_0", g, first);
            String g1 = b.op("Sub", "grad_maxpool_1", g, g0);
            placed = b.op("Concat", "grad_maxpool", List.of(g0, g1), GraphBuilder.attr("axis", 3L));
        } else {
            String arg = b.op("ArgMax", "maxpool_argmax", List.of(windows), GraphBuilder.attr("axis", 3L),
                    GraphBuilder.attr("keepdims", 0L), GraphBuilder.attr("select_last_index", 0L));
            // ONNX Runtime's CPU OneHot has no float64 output: float64 graphs make a float32 one-hot and cast it
            boolean f32 = b.floatType() == TensorProtos.FLOAT;
            String values = f32 ? b.floats(new long[] {2}, new double[] {0, 1}) : b.initializer("maxpool_onehot_values",
                    TensorProtos.ofDoubles("", TensorProtos.FLOAT, new long[] {2}, new double[] {0, 1}));
            String onehot = b.op("OneHot", "maxpool_onehot", List.of(arg, b.longScalar(k), values),
                    GraphBuilder.attr("axis", -1L));
            if (!f32) {
                onehot = b.op("Cast", "maxpool_onehot_cast", List.of(onehot), GraphBuilder.attr("to", (long) b.floatType()));
            }
            placed = b.op("Mul", "grad_maxpool", onehot, g);
        }
        String flat = b.op("Reshape", "grad_maxpool_flat", placed, b.longs(0, 0, out * k));
        if (out * k != len) {
            flat = b.op("Pad", "grad_maxpool_tail", flat, b.longs(0, 0, 0, 0, 0, len - out * k));
        }
        return flat;
    }

    /** zeros(x).flat[indices.flat] += g.flat, reshaped like x. Indices are flat over the whole tensor. */
    static String scatterToIndices(BackwardContext c, String grad, String indices, String x) {
        GraphBuilder b = c.builder();
        String flat = b.longs(-1);
        String size = b.op("Reshape", "maxpool_size", b.op("Size", "maxpool_numel", x), b.longs(1));
        String zeros = b.op("ConstantOfShape", "maxpool_zeros", List.of(size), GraphBuilder.attrTensor("value",
                org.heatbench.methods.onnx.TensorProtos.ofDoubles("", b.floatType(), new long[] {1}, new double[] {0})));
        String scattered = b.op("ScatterElements", "grad_maxpool",
                List.of(zeros, b.op("Reshape", "maxpool_idx", indices, flat), b.op("Reshape", "maxpool_g", grad, flat)),
                GraphBuilder.attr("axis", 0L), GraphBuilder.attr("reduction", "add"));
        return b.op("Reshape", "grad_maxpool_shaped", scattered, c.shapeOf(x));
    }

    private static void averagePool(BackwardContext c) {
        TensorInfo x = c.inputInfo(0);
        TensorInfo y = c.outputInfo(0);
        long[] kernel = GraphBuilder.intsAttr(c.node(), "kernel_shape");
        if (kernel == null) {
            throw c.unsupported("kernel_shape attribute missing");
        }
        WindowGeometry geo = WindowGeometry.of(c.node(), x, y, kernel);
        boolean includePad = GraphBuilder.intAttr(c.node(), "count_include_pad", 0) != 0;
        int sp = geo.spatialRank();
        GraphBuilder b = c.builder();

        // per-output-position 1/divisor as a constant broadcast over batch and channels
        long outSize = 1;
        for (long o : geo.out()) {
            outSize *= o;
        }
        double[] inv = new double[Math.toIntExact(outSize)];
        long[] idx = new long[sp];
        for (int flat = 0; flat < inv.length; flat++) {
            long rem = flat;
            for (int i = sp - 1; i >= 0; i--) {
                idx[i] = rem % geo.out()[i];
                rem /= geo.out()[i];
            }
            long count = 1;
            for (int i = 0; i < sp; i++) {
                count *= windowCount(geo, i, idx[i], includePad);
            }
            inv[flat] = 1.0 / count;
        }
        long[] invDims = new long[sp + 2];
        invDims[0] = 1;
        invDims[1] = 1;
        System.arraycopy(geo.out(), 0, invDims, 2, sp);
        String scaled = b.op("Mul", "avgpool_scale", c.outputGrad(0), b.floats(invDims, inv));

        long channels = x.dim(1);
        long kn = 1;
        for (long k : kernel) {
            kn *= k;
        }
        long[] wDims = new long[sp + 2];
        wDims[0] = channels;
        wDims[1] = 1;
        System.arraycopy(kernel, 0, wDims, 2, sp);
        double[] ones = new double[Math.toIntExact(channels * kn)];
        Arrays.fill(ones, 1.0);
        String w = b.floats(wDims, ones);
        long[] po = geo.transposePadsAndOutputPadding();
        c.addInputGrad(0, b.op("ConvTranspose", "grad_avgpool", List.of(scaled, w),
                GraphBuilder.attrInts("pads", Arrays.copyOfRange(po, 0, 2 * sp)),
                GraphBuilder.attrInts("output_padding", Arrays.copyOfRange(po, 2 * sp, 3 * sp)),
                GraphBuilder.attrInts("strides", geo.strides()),
                GraphBuilder.attrInts("dilations", geo.dilations()),
                GraphBuilder.attrInts("kernel_shape", kernel),
                GraphBuilder.attr("group", channels)));
    }

    /**
     * Number of window taps at output position {@code o} along dimension {@code i} that the divisor counts: taps
     * inside the input (count_include_pad=0) or inside the padded input (count_include_pad=1; taps beyond the
     * end pad, which ceil_mode windows can reach, never count).
     */
    static long windowCount(WindowGeometry g, int i, long o, boolean includePad) {
        long start = o * g.strides()[i] - g.padBegin()[i];
        long lo = includePad ? -g.padBegin()[i] : 0;
        long hi = includePad ? g.in()[i] + g.padEnd()[i] : g.in()[i];
        long n = 0;
        for (long k = 0; k < g.kernel()[i]; k++) {
            long p = start + k * g.dilations()[i];
            if (p >= lo && p < hi) {
                n++;
            }
        }
        return n;
    }

    private static void globalAveragePool(BackwardContext c) {
        GraphBuilder b = c.builder();
        TensorInfo x = c.inputInfo(0);
        long n = 1;
        for (int i = 2; i < x.rank(); i++) {
            n *= x.dim(i);
        }
        String scaled = b.op("Mul", "gap_scale", c.outputGrad(0), b.scalar(1.0 / n));
        c.addInputGrad(0, b.op("Expand", "grad_gap", scaled, c.shapeOf(c.input(0))));
    }

    private static void globalMaxPool(BackwardContext c) {
        GraphBuilder b = c.builder();
        String x = c.input(0);
        String flat = b.op("Reshape", "gmp_flat", x, b.longs(0, 0, -1));
        String arg = b.op("ArgMax", "gmp_argmax", List.of(flat), GraphBuilder.attr("axis", 2L),
                GraphBuilder.attr("keepdims", 1L), GraphBuilder.attr("select_last_index", 0L));
        String g = b.op("Reshape", "gmp_g", c.outputGrad(0), b.longs(0, 0, 1));
        String zeros = b.op("Mul", "gmp_zeros", flat, b.scalar(0));
        String scattered = b.op("ScatterElements", "grad_gmp", List.of(zeros, arg, g), GraphBuilder.attr("axis", 2L));
        c.addInputGrad(0, b.op("Reshape", "grad_gmp_shaped", scattered, c.shapeOf(x)));
    }
}
