package org.heatbench.methods.backward;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/** Gradients of broadcasting binary operators (Add, Sub, Mul, Div, Where, Sum). */
final class ElementwiseGradients {
    private ElementwiseGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("Add", ElementwiseGradients::add)
                .with("Sub", ElementwiseGradients::sub)
                .with("Mul", ElementwiseGradients::mul)
                .with("Div", ElementwiseGradients::div)
                .with("Where", ElementwiseGradients::where)
                .with("Sum", ElementwiseGradients::sum);
    }

    /**
     * Sums {@code grad} (shaped like {@code out}) down to the shape of a broadcast operand: leading axes the operand
     * lacks are summed away, axes where the operand has size 1 are summed with keepdims.
     */
    static String unbroadcast(BackwardContext c, String grad, TensorInfo out, TensorInfo operand) {
        GraphBuilder b = c.builder();
        int lead = out.rank() - operand.rank();
        String g = grad;
        if (lead > 0) {
            long[] axes = new long[lead];
            for (int i = 0; i < lead; i++) {
                axes[i] = i;
            }
            g = b.op("ReduceSum", "unbroadcast", List.of(g, b.longs(axes)), GraphBuilder.attr("keepdims", 0L));
        }
        List<Long> keep = new ArrayList<>();
        for (int i = 0; i < operand.rank(); i++) {
            int oi = i + lead;
            boolean outIsBig = out.isBatchDim(oi) ? !operand.isBatchDim(i) : out.dim(oi) != operand.dim(i);
            if (outIsBig) {
                keep.add((long) i);
            }
        }
        if (!keep.isEmpty()) {
            g = b.op("ReduceSum", "unbroadcast", List.of(g, b.longs(keep.stream().mapToLong(Long::longValue).toArray())),
                    GraphBuilder.attr("keepdims", 1L));
        }
        return g;
    }

    private static void add(BackwardContext c) {
        String g = c.outputGrad(0);
        TensorInfo out = c.outputInfo(0);
        for (int i = 0; i < 2; i++) {
            if (c.needsGrad(i)) {
                c.addInputGrad(i, unbroadcast(c, g, out, c.inputInfo(i)));
            }
        }
    }

    private static void sub(BackwardContext c) {
        String g = c.outputGrad(0);
        TensorInfo out = c.outputInfo(0);
        if (c.needsGrad(0)) {
            c.addInputGrad(0, unbroadcast(c, g, out, c.inputInfo(0)));
        }
        if (c.needsGrad(1)) {
            c.addInputGrad(1, unbroadcast(c, c.builder().op("Neg", "grad_sub", g), out, c.inputInfo(1)));
        }
    }

    private static void mul(BackwardContext c) {
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        TensorInfo out = c.outputInfo(0);
        if (c.needsGrad(0)) {
            c.addInputGrad(0, unbroadcast(c, b.op("Mul", "grad_mul", g, c.input(1)), out, c.inputInfo(0)));
        }
        if (c.needsGrad(1)) {
            c.addInputGrad(1, unbroadcast(c, b.op("Mul", "grad_mul", g, c.input(0)), out, c.inputInfo(1)));
        }
    }

    private static void div(BackwardContext c) {
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        TensorInfo out = c.outputInfo(0);
        if (c.needsGrad(0)) {
            c.addInputGrad(0, unbroadcast(c, b.op("Div", "grad_div", g, c.input(1)), out, c.inputInfo(0)));
        }
        if (c.needsGrad(1)) {
            // d(a/b)/db = -(a/b)/b = -y/b
            String t = b.op("Div", "grad_div_b", b.op("Mul", "grad_div_gy", g, c.output(0)), c.input(1));
            c.addInputGrad(1, unbroadcast(c, b.op("Neg", "grad_div_neg", t), out, c.inputInfo(1)));
        }
    }

    private static void where(BackwardContext c) {
        GraphBuilder b = c.builder();
        String g = c.outputGrad(0);
        TensorInfo out = c.outputInfo(0);
        String zero = b.scalar(0);
        if (c.needsGrad(1)) {
            c.addInputGrad(1, unbroadcast(c, b.op("Where", "grad_where_a", c.input(0), g, zero), out, c.inputInfo(1)));
        }
        if (c.needsGrad(2)) {
            c.addInputGrad(2, unbroadcast(c, b.op("Where", "grad_where_b", c.input(0), zero, g), out, c.inputInfo(2)));
        }
    }

    private static void sum(BackwardContext c) {
        String g = c.outputGrad(0);
        TensorInfo out = c.outputInfo(0);
        for (int i = 0; i < c.node().getInputCount(); i++) {
            if (c.needsGrad(i)) {
                c.addInputGrad(i, unbroadcast(c, g, out, c.inputInfo(i)));
            }
        }
    }
}
