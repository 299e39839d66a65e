package org.heatbench.methods.backward;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Gradients of Tile, CumSum, Trilu, ReduceMax and ReduceMin: operators attention and positional-encoding exports use
 * beside the common ones.
 *
 * <p>ReduceMax / ReduceMin send the gradient to the extreme values, shared equally among ties (as PyTorch's
 * {@code amax}/{@code amin}; {@code torch.max(dim)} picks one index instead, which differs only on exact ties).
 */
final class TensorOpGradients {
    private TensorOpGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("Tile", TensorOpGradients::tile)
                .with("CumSum", TensorOpGradients::cumSum)
                .with("Trilu", TensorOpGradients::trilu)
                .with(TensorOpGradients::reduceExtreme, "ReduceMax", "ReduceMin")
                .with("Einsum", EinsumGradient::backward);
    }

    /**
     * y = Tile(x, repeats): the gradient viewed as [r₀, d₀, r₁, d₁, ...] (a shape computed at run time from the
     * repeats and x's shape) and summed over the repeat axes.
     */
    private static void tile(BackwardContext c) {
        if (c.needsGrad(1)) {
            throw c.unsupported("Tile repeats that depend on the input");
        }
        GraphBuilder b = c.builder();
        int r = c.inputInfo(0).rank();
        String reps = b.op("Unsqueeze", "tile_reps", c.input(1), b.longs(1));
        String dims = b.op("Unsqueeze", "tile_dims", c.shapeOf(c.input(0)), b.longs(1));
        String pairs = b.op("Concat", "tile_pairs", List.of(reps, dims), GraphBuilder.attr("axis", 1L));
        String shape = b.op("Reshape", "tile_shape", pairs, b.longs(-1));
        String g = b.op("Reshape", "tile_g", c.outputGrad(0), shape);
        long[] axes = new long[r];
        for (int i = 0; i < r; i++) {
            axes[i] = 2L * i;
        }
        c.addInputGrad(0, b.op("ReduceSum", "grad_tile", List.of(g, b.longs(axes)), GraphBuilder.attr("keepdims", 0L)));
    }

    /** The adjoint of a (reverse, exclusive) cumulative sum is the cumulative sum the other way round. */
    private static void cumSum(BackwardContext c) {
        long exclusive = GraphBuilder.intAttr(c.node(), "exclusive", 0);
        long reverse = GraphBuilder.intAttr(c.node(), "reverse", 0);
        c.addInputGrad(0, c.builder().op("CumSum", "grad_cumsum", List.of(c.outputGrad(0), c.input(1)),
                GraphBuilder.attr("exclusive", exclusive), GraphBuilder.attr("reverse", 1 - reverse)));
    }

    /** Trilu is a fixed mask: the gradient is masked the same way. */
    private static void trilu(BackwardContext c) {
        List<String> in = new ArrayList<>();
        in.add(c.outputGrad(0));
        if (!c.input(1).isEmpty()) {
            in.add(c.input(1));
        }
        c.addInputGrad(0, c.builder().op("Trilu", "grad_trilu", in,
                GraphBuilder.attr("upper", GraphBuilder.intAttr(c.node(), "upper", 1))));
    }

    private static void reduceExtreme(BackwardContext c) {
        TensorInfo x = c.inputInfo(0);
        int r = x.rank();
        long[] axes = GraphBuilder.intsAttr(c.node(), "axes");
        if (axes == null && c.node().getInputCount() > 1 && !c.input(1).isEmpty()) {
            axes = c.requireConstantLongs(1, "axes");
        }
        GraphBuilder b = c.builder();
        if (axes == null || axes.length == 0) {
            if (GraphBuilder.intAttr(c.node(), "noop_with_empty_axes", 0) != 0) {
                c.addInputGrad(0, c.outputGrad(0));
                return;
            }
            axes = new long[r];
            for (int i = 0; i < r; i++) {
                axes[i] = i;
            }
        }
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axes[i] < 0 ? axes[i] + r : axes[i];
            if (x.isBatchDim((int) norm[i])) {
                throw c.unsupported("reducing over the batch dimension mixes records");
            }
        }
        java.util.Arrays.sort(norm);
        boolean keep = GraphBuilder.intAttr(c.node(), "keepdims", 1) != 0;
        String y = keep ? c.output(0) : b.op("Unsqueeze", "extreme_y", c.output(0), b.longs(norm));
        String g = keep ? c.outputGrad(0) : b.op("Unsqueeze", "extreme_g", c.outputGrad(0), b.longs(norm));
        String hit = b.op("Cast", "extreme_hit", List.of(b.op("Equal", "extreme_eq", c.input(0), y)),
                GraphBuilder.attr("to", (long) b.floatType()));
        String ties = b.op("ReduceSum", "extreme_ties", List.of(hit, b.longs(norm)), GraphBuilder.attr("keepdims", 1L));
        c.addInputGrad(0, b.op("Mul", "grad_extreme", hit, b.op("Div", "extreme_share", g, ties)));
    }
}
