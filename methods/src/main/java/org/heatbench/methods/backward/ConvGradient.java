package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.heatbench.methods.onnx.GraphBuilder;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Input gradient of Conv (1-D and 2-D; any stride, dilation, group, explicit or automatic padding).
 *
 * <p>For unit strides with constant weights the gradient is itself a Conv with spatially flipped,
 * channel-transposed weights and complementary padding — on ONNX Runtime's CPU provider that is several times
 * faster than the equivalent ConvTranspose (../shared/STACK.md pitfall 7). Other cases use ConvTranspose with pads
 * and output padding that restore the input size exactly.
 */
final class ConvGradient {
    private ConvGradient() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("Conv", ConvGradient::conv);
    }

    private static void conv(BackwardContext c) {
        // training: weights and bias named as parameters of the pass are live; their gradients (and the input
        // gradient through run-time weights) come from WeightGradients
        boolean liveWeights = c.needsGrad(1) || (c.node().getInputCount() > 2 && c.needsGrad(2));
        if (liveWeights) {
            WeightGradients.convParameters(c);
        }
        if (!c.needsGrad(0)) {
            return;
        }
        TensorInfo x = c.inputInfo(0);
        TensorInfo w = c.inputInfo(1);
        long[] kernel = Arrays.copyOfRange(w.dims(), 2, w.rank());
        WindowGeometry geo = WindowGeometry.of(c.node(), x, c.outputInfo(0), kernel);
        long group = GraphBuilder.intAttr(c.node(), "group", 1);
        Optional<TensorProto> weights = c.analysis().constantTensor(c.input(1));
        String dy = c.outputGrad(0);
        GraphBuilder b = c.builder();
        int sp = geo.spatialRank();

        boolean convPath = geo.unitStrides() && weights.isPresent();
        long[] pads = new long[2 * sp];
        for (int i = 0; i < sp && convPath; i++) {
            long k1 = geo.effectiveKernel(i) - 1;
            pads[i] = k1 - geo.padBegin()[i];
            // complementary end pad so the result has exactly the input length (covers inputs no window reached)
            pads[sp + i] = geo.in()[i] - geo.out()[i] + geo.padBegin()[i];
            if (pads[i] < 0 || pads[sp + i] < 0) {
                convPath = false;
            }
        }
        if (c.needsGrad(1) && convPath) {
            // live weights are fed at run time: flip and transpose them in the graph, never bake their values
            WeightGradients.requireSimple1d(c, x, w);
            c.addInputGrad(0, b.op("Conv", "grad_conv", List.of(dy, WeightGradients.flippedTransposedInGraph(c)),
                    GraphBuilder.attrInts("pads", pads),
                    GraphBuilder.attrInts("kernel_shape", kernel)));
            return;
        }
        if (convPath) {
            String wt = b.initializer("conv_grad_weight", flippedTransposed(weights.get(), group, b.floatType()));
            c.addInputGrad(0, b.op("Conv", "grad_conv", List.of(dy, wt),
                    GraphBuilder.attrInts("pads", pads),
                    GraphBuilder.attrInts("dilations", geo.dilations()),
                    GraphBuilder.attrInts("kernel_shape", kernel),
                    GraphBuilder.attr("group", group)));
            return;
        }
        long[] po = geo.transposePadsAndOutputPadding();
        c.addInputGrad(0, b.op("ConvTranspose", "grad_conv_t", List.of(dy, c.input(1)),
                GraphBuilder.attrInts("pads", Arrays.copyOfRange(po, 0, 2 * sp)),
                GraphBuilder.attrInts("output_padding", Arrays.copyOfRange(po, 2 * sp, 3 * sp)),
                GraphBuilder.attrInts("strides", geo.strides()),
                GraphBuilder.attrInts("dilations", geo.dilations()),
                GraphBuilder.attrInts("kernel_shape", kernel),
                GraphBuilder.attr("group", group)));
    }

    /**
     * W [Cout, Cin/g, k...] → W' [Cin, Cout/g, k...] with W'[g·Cin/g + ci, co, j] = W[g·Cout/g + co, ci, flip(j)].
     */
    static TensorProto flippedTransposed(TensorProto w, long group, int floatType) {
        long[] d = TensorProtos.dims(w);
        double[] v = TensorProtos.toDoubles(w);
        int cout = (int) d[0];
        int cinG = (int) d[1];
        int coutG = (int) (cout / group);
        int k = 1;
        for (int i = 2; i < d.length; i++) {
            k *= (int) d[i];
        }
        long[] nd = d.clone();
        nd[0] = cinG * group;
        nd[1] = coutG;
        double[] out = new double[v.length];
        for (int g = 0; g < group; g++) {
            for (int co = 0; co < coutG; co++) {
                for (int ci = 0; ci < cinG; ci++) {
                    int src = ((g * coutG + co) * cinG + ci) * k;
                    int dst = ((g * cinG + ci) * coutG + co) * k;
                    // flipping every spatial axis of a row-major kernel reverses its flat index
                    for (int j = 0; j < k; j++) {
                        out[dst + j] = v[src + k - 1 - j];
                    }
                }
            }
        }
        return TensorProtos.ofDoubles("", floatType, nd, out);
    }
}
