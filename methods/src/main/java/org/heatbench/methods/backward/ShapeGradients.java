package org.heatbench.methods.backward;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Gradients of operators that move values without arithmetic: reshapes, transposes, concatenation, slicing,
 * padding, gathering, expanding, and pass-through operators (Identity, inference-mode Dropout, float Cast).
 */
final class ShapeGradients {
    private ShapeGradients() {
    }

    static RuleSet register(RuleSet s) {
        BackwardRule reshape = ShapeGradients::reshapeBack;
        return s.with(reshape, "Reshape", "Flatten", "Squeeze", "Unsqueeze")
                .with(ShapeGradients::passThrough, "Identity", "Dropout")
                .with("Cast", ShapeGradients::cast)
                .with("Transpose", ShapeGradients::transpose)
                .with("Concat", ShapeGradients::concat)
                .with("Split", ShapeGradients::split)
                .with("Slice", ShapeGradients::slice)
                .with("Pad", ShapeGradients::pad)
                .with("Gather", ShapeGradients::gather)
                .with("Expand", ShapeGradients::expand);
    }

    private static void reshapeBack(BackwardContext c) {
        c.addInputGrad(0, c.builder().op("Reshape", "grad_reshape", c.outputGrad(0), c.shapeOf(c.input(0))));
    }

    private static void passThrough(BackwardContext c) {
        if (c.node().getOpType().equals("Dropout") && c.node().getInputCount() > 2 && !c.input(2).isEmpty()) {
            long[] training = c.constantLongs(c.input(2)).orElse(null);
            if (training == null || training[0] != 0) {
                throw c.unsupported("Dropout in training mode; export the model in eval mode");
            }
        }
        c.addInputGrad(0, c.outputGrad(0));
    }

    private static void cast(BackwardContext c) {
        TensorInfo in = c.inputInfo(0);
        c.addInputGrad(0, c.builder().op("Cast", "grad_cast", List.of(c.outputGrad(0)),
                GraphBuilder.attr("to", (long) in.onnxType())));
    }

    private static void transpose(BackwardContext c) {
        int r = c.inputInfo(0).rank();
        long[] perm = GraphBuilder.intsAttr(c.node(), "perm");
        if (perm == null) {
            perm = new long[r];
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        }
        long[] inv = new long[r];
        for (int i = 0; i < r; i++) {
            inv[(int) perm[i]] = i;
        }
        c.addInputGrad(0, c.builder().op("Transpose", "grad_transpose", List.of(c.outputGrad(0)),
                GraphBuilder.attrInts("perm", inv)));
    }

    private static int axis(long a, int rank) {
        return (int) (a < 0 ? a + rank : a);
    }

    private static void concat(BackwardContext c) {
        TensorInfo out = c.outputInfo(0);
        int axis = axis(GraphBuilder.intAttr(c.node(), "axis", 0), out.rank());
        if (out.isBatchDim(axis)) {
            throw c.unsupported("concatenation along the batch dimension");
        }
        int n = c.node().getInputCount();
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = c.inputInfo(i).dim(axis);
        }
        GraphBuilder b = c.builder();
        String[] parts = b.opN("Split", "grad_concat", List.of(c.outputGrad(0), b.longs(sizes)), n,
                GraphBuilder.attr("axis", (long) axis));
        for (int i = 0; i < n; i++) {
            if (c.needsGrad(i)) {
                c.addInputGrad(i, parts[i]);
            }
        }
    }

    private static void split(BackwardContext c) {
        GraphBuilder b = c.builder();
        int axis = axis(GraphBuilder.intAttr(c.node(), "axis", 0), c.inputInfo(0).rank());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.node().getOutputCount(); i++) {
            String g = c.outputGrad(i);
            parts.add(g != null ? g : b.op("Mul", "split_zero", c.output(i), b.scalar(0)));
        }
        c.addInputGrad(0, b.op("Concat", "grad_split", parts, GraphBuilder.attr("axis", (long) axis)));
    }

    private static void slice(BackwardContext c) {
        TensorInfo x = c.inputInfo(0);
        int r = x.rank();
        long[] starts = c.requireConstantLongs(1, "starts");
        long[] ends = c.requireConstantLongs(2, "ends");
        long[] axes = c.input(3).isEmpty() ? null : c.requireConstantLongs(3, "axes");
        long[] steps = c.input(4).isEmpty() ? null : c.requireConstantLongs(4, "steps");
        long[] padBegin = new long[r];
        long[] padEnd = new long[r];
        int stepAxis = -1;
        long stepStart = 0;
        long step = 1;
        for (int k = 0; k < starts.length; k++) {
            int ax = axis(axes == null ? k : axes[k], r);
            long s = steps == null ? 1 : steps[k];
            if (x.isBatchDim(ax)) {
                if (starts[k] == 0 && ends[k] >= Integer.MAX_VALUE && s == 1) {
                    continue;
                }
                throw c.unsupported("slicing the batch dimension");
            }
            long dim = x.dim(ax);
            if (s <= 0) {
                throw c.unsupported("negative or zero slice step " + s);
            }
            long st = clamp(starts[k] < 0 ? starts[k] + dim : starts[k], 0, dim);
            long en = clamp(ends[k] < 0 ? ends[k] + dim : ends[k], 0, dim);
            if (s == 1) {
                padBegin[ax] = st;
                padEnd[ax] = dim - Math.max(en, st);
            } else {
                if (stepAxis >= 0) {
                    throw c.unsupported("strided slicing of more than one axis");
                }
                stepAxis = ax;
                stepStart = st;
                step = s;
            }
        }
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        long[] pads = new long[2 * r];
        System.arraycopy(padBegin, 0, pads, 0, r);
        System.arraycopy(padEnd, 0, pads, r, r);
        if (stepAxis < 0) {
            c.addInputGrad(0, b.op("Pad", "grad_slice", g, b.longs(pads)));
            return;
        }
        // strided axis: scatter the gradient back to positions start, start+step, ...; other axes are padded first
        // into an intermediate whose strided axis still has the output length
        String padded = b.op("Pad", "grad_slice_pad", g, b.longs(pads));
        long outLen = c.outputInfo(0).dim(stepAxis);
        long[] positions = new long[(int) outLen];
        for (int i = 0; i < outLen; i++) {
            positions[i] = stepStart + i * step;
        }
        long[] posDims = new long[r];
        java.util.Arrays.fill(posDims, 1);
        posDims[stepAxis] = outLen;
        String pos = b.initializer("slice_positions", TensorProtos.ofLongs("", posDims, positions));
        String idx = b.op("Expand", "slice_idx", pos, b.op("Shape", "slice_shape", padded));
        String zeros = b.op("Mul", "slice_zeros", c.input(0), b.scalar(0));
        c.addInputGrad(0, b.op("ScatterElements", "grad_slice_strided", List.of(zeros, idx, padded),
                GraphBuilder.attr("axis", (long) stepAxis)));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void pad(BackwardContext c) {
        String mode = GraphBuilder.stringAttr(c.node(), "mode", "constant");
        TensorInfo x = c.inputInfo(0);
        int r = x.rank();
        long[] pads = c.requireConstantLongs(1, "pads");
        long[] axes = c.node().getInputCount() > 3 && !c.input(3).isEmpty() ? c.requireConstantLongs(3, "axes") : null;
        long[] full = new long[2 * r];
        int na = axes == null ? r : axes.length;
        for (int k = 0; k < na; k++) {
            int ax = axes == null ? k : axis(axes[k], r);
            full[ax] = pads[k];
            full[r + ax] = pads[na + k];
        }
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        TensorInfo y = c.outputInfo(0);
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
            throw c.unsupported("Pad mode '" + mode + "'");
        }
        // the centre: slice off what was added (negative pads cropped, so the gradient pads those back)
        long[] starts = new long[r];
        long[] ends = new long[r];
        long[] crop = new long[2 * r];
        for (int ax = 0; ax < r; ax++) {
            starts[ax] = Math.max(full[ax], 0);
            ends[ax] = starts[ax] + (y.isBatchDim(ax) ? Long.MAX_VALUE / 2 : y.dim(ax) - starts[ax] - Math.max(full[r + ax], 0));
            crop[ax] = Math.max(-full[ax], 0);
            crop[r + ax] = Math.max(-full[r + ax], 0);
        }
        if (mode.equals("constant")) {
            String centre = b.op("Slice", "grad_pad", g, b.longs(starts), b.longs(ends));
            boolean anyCrop = java.util.Arrays.stream(crop).anyMatch(v -> v != 0);
            c.addInputGrad(0, anyCrop ? b.op("Pad", "grad_pad_crop", centre, b.longs(crop)) : centre);
            return;
        }
        // reflect / edge: the padded values are copies of input values, so their gradients add back onto those.
        // Padding all axes at once equals padding them one after another (corners included), so the gradient
        // folds one axis at a time: acc is still padded along the axes not yet folded. (torch exports
        // ReflectionPad2d / ReplicationPad2d as one Pad over both spatial axes.)
        String acc = g;
        for (int ax = 0; ax < r; ax++) {
            if (full[ax] < 0 || full[r + ax] < 0) {
                throw c.unsupported("negative pads with mode '" + mode + "'");
            }
            long before = full[ax];
            long after = full[r + ax];
            long n = x.dim(ax);
            if (before == 0 && after == 0) {
                continue;
            }
            if (x.isBatchDim(ax)) {
                throw c.unsupported("padding the batch dimension");
            }
            if (y.dim(ax) != before + n + after) {
                throw new IllegalStateException("pad geometry mismatch at node " + GraphBuilder.nodeName(c.node()));
            }
            String padded = acc;
            acc = b.op("Slice", "grad_pad", padded, b.longs(before), b.longs(before + n), b.longs(ax));
            for (long i = 0; i < before; i++) {
                long src = mode.equals("reflect") ? before - i : 0; // output index i maps to input index src
                acc = addSliceAt(c, acc, padded, ax, i, src, n);
            }
            for (long i = 0; i < after; i++) {
                long outIdx = before + n + i;
                long src = mode.equals("reflect") ? n - 2 - i : n - 1;
                acc = addSliceAt(c, acc, padded, ax, outIdx, src, n);
            }
        }
        c.addInputGrad(0, acc);
    }

    /** acc + (g[.., outIdx, ..] placed at input index src along ax, zero elsewhere). */
    private static String addSliceAt(BackwardContext c, String acc, String g, int ax, long outIdx, long src, long n) {
        GraphBuilder b = c.builder();
        int r = c.inputInfo(0).rank();
        String piece = b.op("Slice", "pad_piece", g, b.longs(outIdx), b.longs(outIdx + 1), b.longs(ax));
        long[] pads = new long[2 * r];
        pads[ax] = src;
        pads[r + ax] = n - 1 - src;
        return b.op("Add", "grad_pad_fold", acc, b.op("Pad", "pad_piece_place", piece, b.longs(pads)));
    }

    private static void gather(BackwardContext c) {
        if (!c.needsGrad(0)) {
            return;
        }
        TensorInfo x = c.inputInfo(0);
        int axis = axis(GraphBuilder.intAttr(c.node(), "axis", 0), x.rank());
        if (x.isBatchDim(axis)) {
            throw c.unsupported("gathering along the batch dimension");
        }
        long[] idx = c.requireConstantLongs(1, "indices");
        TensorInfo ii = c.inputInfo(1);
        if (ii.rank() > 1) {
            throw c.unsupported("indices of rank " + ii.rank() + " (0 or 1 supported)");
        }
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        if (ii.rank() == 0) {
            g = b.op("Unsqueeze", "gather_g", g, b.longs(axis));
        }
        long n = x.dim(axis);
        long[] pos = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            pos[i] = idx[i] < 0 ? idx[i] + n : idx[i];
        }
        long[] posDims = new long[x.rank()];
        java.util.Arrays.fill(posDims, 1);
        posDims[axis] = pos.length;
        String p = b.initializer("gather_positions", TensorProtos.ofLongs("", posDims, pos));
        String ix = b.op("Expand", "gather_idx", p, b.op("Shape", "gather_shape", g));
        String zeros = b.op("Mul", "gather_zeros", c.input(0), b.scalar(0));
        c.addInputGrad(0, b.op("ScatterElements", "grad_gather", List.of(zeros, ix, g), GraphBuilder.attr("axis", (long) axis),
                GraphBuilder.attr("reduction", "add")));
    }

    private static void expand(BackwardContext c) {
        c.addInputGrad(0, ElementwiseGradients.unbroadcast(c, c.outputGrad(0), c.outputInfo(0), c.inputInfo(0)));
    }
}
