package org.heatbench.methods.backward;

import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/** Gradients of ReduceSum, ReduceMean, Softmax and LogSoftmax. */
final class ReduceGradients {
    private ReduceGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("ReduceSum", c -> reduce(c, false))
                .with("ReduceMean", c -> reduce(c, true))
                .with("Softmax", ReduceGradients::softmax)
                .with("LogSoftmax", ReduceGradients::logSoftmax);
    }

    /**
     * Training variant (see {@link RuleSet#training()}): ReduceSum and ReduceMean may also reduce over the batch
     * dimension (a mean loss, batch statistics), with the mean's divisor taken from the run-time sizes.
     */
    static RuleSet allowBatchReduction(RuleSet s) {
        return s.with("ReduceSum", c -> reduce(c, false, true))
                .with("ReduceMean", c -> reduce(c, true, true));
    }

    private static void reduce(BackwardContext c, boolean mean) {
        reduce(c, mean, false);
    }

    private static void reduce(BackwardContext c, boolean mean, boolean allowBatch) {
        TensorInfo x = c.inputInfo(0);
        int r = x.rank();
        long[] axes = GraphBuilder.intsAttr(c.node(), "axes");
        if (axes == null && c.node().getInputCount() > 1 && !c.input(1).isEmpty()) {
            axes = c.requireConstantLongs(1, "axes");
        }
        boolean keep = GraphBuilder.intAttr(c.node(), "keepdims", 1) != 0;
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
        long count = 1;
        boolean overBatch = false;
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axes[i] < 0 ? axes[i] + r : axes[i];
            if (x.isBatchDim((int) norm[i])) {
                if (!allowBatch) {
                    throw c.unsupported("reducing over the batch dimension mixes records");
                }
                overBatch = true;
            }
            count *= x.dim((int) norm[i]);
        }
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        if (!keep) {
            java.util.Arrays.sort(norm);
            g = b.op("Unsqueeze", "reduce_keep", g, b.longs(norm));
        }
        if (mean && overBatch) {
            // the count depends on the batch size: Size(output) / Size(input), evaluated at run time
            String nOut = b.op("Cast", "reduce_n_out", List.of(b.op("Size", "reduce_size_out", c.output(0))),
                    GraphBuilder.attr("to", (long) b.floatType()));
            String nIn = b.op("Cast", "reduce_n_in", List.of(b.op("Size", "reduce_size_in", c.input(0))),
                    GraphBuilder.attr("to", (long) b.floatType()));
            g = b.op("Mul", "reduce_mean_scale", g, b.op("Div", "reduce_mean_inv", nOut, nIn));
        } else if (mean) {
            g = b.op("Mul", "reduce_mean_scale", g, b.scalar(1.0 / count));
        }
        c.addInputGrad(0, b.op("Expand", "grad_reduce", g, c.shapeOf(c.input(0))));
    }

    private static void softmax(BackwardContext c) {
        GraphBuilder b = c.builder();
        int axis = (int) GraphBuilder.intAttr(c.node(), "axis", -1);
        String y = c.output(0);
        String g = c.outputGrad(0);
        String gy = b.op("Mul", "softmax_gy", g, y);
        String s = b.op("ReduceSum", "softmax_sum", List.of(gy, b.longs(axis)), GraphBuilder.attr("keepdims", 1L));
        c.addInputGrad(0, b.op("Mul", "grad_softmax", y, b.op("Sub", "softmax_diff", g, s)));
    }

    private static void logSoftmax(BackwardContext c) {
        GraphBuilder b = c.builder();
        int axis = (int) GraphBuilder.intAttr(c.node(), "axis", -1);
        String g = c.outputGrad(0);
        String s = b.op("ReduceSum", "logsoftmax_sum", List.of(g, b.longs(axis)), GraphBuilder.attr("keepdims", 1L));
        String p = b.op("Exp", "logsoftmax_p", c.output(0));
        c.addInputGrad(0, b.op("Sub", "grad_logsoftmax", g, b.op("Mul", "logsoftmax_ps", p, s)));
    }
}
