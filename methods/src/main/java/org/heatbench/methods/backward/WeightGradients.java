package org.heatbench.methods.backward;

import java.util.Arrays;
import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Parameter (weight and bias) gradients for training, emitted when a {@link BackwardPass} names a layer's weights
 * as {@link BackwardPass#parameters() parameters}. Gemm and MatMul already emit gradients for every live operand
 * ({@link LinearGradients}); bias additions go through {@link ElementwiseGradients}. This class adds Conv:
 *
 * <ul>
 *   <li>∂L/∂W[o, c, k] = Σ<sub>n, t</sub> ∂L/∂y[n, o, t] · x<sub>pad</sub>[n, c, t + k] — a correlation of the
 *       padded input with the output gradient, computed as a Conv that treats the input channels as the batch and
 *       the records as channels: Conv(x<sub>pad</sub>ᵀ [C, N, T+p], dyᵀ [O, N, T]) = [C, O, K], transposed to
 *       [O, C, K]. A Conv, not a ConvTranspose, because ONNX Runtime's CPU ConvTranspose is several times slower
 *       (../shared/STACK.md pitfall 7).</li>
 *   <li>∂L/∂b[o] = Σ<sub>n, t</sub> ∂L/∂y[n, o, t].</li>
 *   <li>∂L/∂x when the weights are fed at run time (not constants): the Conv with flipped, channel-transposed
 *       weights of {@link ConvGradient}, with the flip and transpose done by graph nodes.</li>
 * </ul>
 *
 * <p>Supported: 1-D Conv, unit stride and dilation, group 1, explicit or automatic padding (what StevenNet-style
 * networks use); anything else is reported as unsupported at compile time. Stateless and thread-safe.
 */
final class WeightGradients {
    private WeightGradients() {
    }

    /** Emits ∂L/∂W and ∂L/∂b of a Conv node whose weight or bias is live. */
    static void convParameters(BackwardContext c) {
        TensorInfo x = c.inputInfo(0);
        TensorInfo w = c.inputInfo(1);
        requireSimple1d(c, x, w);
        GraphBuilder b = c.builder();
        String dy = c.outputGrad(0);
        if (c.needsGrad(1)) {
            long[] kernel = Arrays.copyOfRange(w.dims(), 2, w.rank());
            WindowGeometry geo = WindowGeometry.of(c.node(), x, c.outputInfo(0), kernel);
            String xp = c.input(0);
            long pb = geo.padBegin()[0];
            long pe = geo.padEnd()[0];
            if (pb != 0 || pe != 0) {
                xp = b.op("Pad", "grad_w_pad", xp, b.longs(0, 0, pb, 0, 0, pe));
            }
            String xt = b.op("Transpose", "grad_w_xt", List.of(xp), GraphBuilder.attrInts("perm", 1, 0, 2));
            String dyt = b.op("Transpose", "grad_w_dyt", List.of(dy), GraphBuilder.attrInts("perm", 1, 0, 2));
            String r = b.op("Conv", "grad_w_conv", List.of(xt, dyt));
            c.addInputGrad(1, b.op("Transpose", "grad_w", List.of(r), GraphBuilder.attrInts("perm", 1, 0, 2)));
        }
        if (c.node().getInputCount() > 2 && c.needsGrad(2)) {
            c.addInputGrad(2, b.op("ReduceSum", "grad_b", List.of(dy, b.longs(0, 2)), GraphBuilder.attr("keepdims", 0L)));
        }
    }

    /**
     * The input-gradient weights of a unit-stride Conv computed in the graph from live weights W [O, C, K]:
     * W' [C, O, K] with W'[c, o, k] = W[o, c, K − 1 − k].
     */
    static String flippedTransposedInGraph(BackwardContext c) {
        GraphBuilder b = c.builder();
        String t = b.op("Transpose", "grad_x_wt", List.of(c.input(1)), GraphBuilder.attrInts("perm", 1, 0, 2));
        return b.op("Slice", "grad_x_wflip", t, b.longs(-1), b.longs(Long.MIN_VALUE), b.longs(2), b.longs(-1));
    }

    static void requireSimple1d(BackwardContext c, TensorInfo x, TensorInfo w) {
        if (x.rank() != 3 || w.rank() != 3) {
            throw c.unsupported("weight gradients of Conv are implemented for 1-D convolutions only");
        }
        long group = GraphBuilder.intAttr(c.node(), "group", 1);
        long[] strides = GraphBuilder.intsAttr(c.node(), "strides");
        long[] dil = GraphBuilder.intsAttr(c.node(), "dilations");
        if (group != 1 || (strides != null && Arrays.stream(strides).anyMatch(s -> s != 1))
                || (dil != null && Arrays.stream(dil).anyMatch(d -> d != 1))) {
            throw c.unsupported("weight gradients of Conv need group 1, unit strides and unit dilations");
        }
    }
}
