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
 * faster than the equivalent ConvTranspose (../shared/STACK.md pitfall 7). Strided 1-D Convs with constant weights
 * and no dilation use one stride-1 Conv per output phase ({@link #polyphase}). Other cases use ConvTranspose with
 * pads and output padding that restore the input size exactly.
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
        if (sp == 1 && weights.isPresent() && !c.needsGrad(1) && geo.dilations()[0] == 1 && geo.strides()[0] > 1) {
            c.addInputGrad(0, polyphase(c, geo, weights.get(), group, dy));
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
     * Input gradient of a strided 1-D Conv as s stride-1 Convs, one per output phase (polyphase decomposition),
     * instead of ConvTranspose, which ONNX Runtime's CPU provider runs several times slower per FLOP. With u = i + p
     * (p the begin pad) written as u = q·s + r, dx[u − p] = Σ_m Wᵣ[m] g[q − m] over the taps j = r + m·s: phase r is a
     * full convolution of g with the flipped taps r, r + s, ... The phases are interleaved (Concat on a new last
     * axis, Reshape) and cropped to the input. Same FLOPs as the forward Conv.
     */
    private static String polyphase(BackwardContext c, WindowGeometry geo, TensorProto w, long group, String dy) {
        GraphBuilder b = c.builder();
        long[] d = TensorProtos.dims(w);
        double[] v = TensorProtos.toDoubles(w);
        int k = (int) d[2];
        int s = (int) geo.strides()[0];
        long length = geo.in()[0];
        long lout = geo.out()[0];
        long p = geo.padBegin()[0];
        long qTotal = (p + length + s - 1) / s;
        List<String> phases = new java.util.ArrayList<>();
        String first = null;
        for (int r = 0; r < s; r++) {
            int taps = r < k ? (k - r + s - 1) / s : 0;
            if (taps == 0) {
                phases.add(null);
                continue;
            }
            long[] sd = {d[0], d[1], taps};
            double[] sub = new double[(int) (d[0] * d[1] * taps)];
            for (int row = 0; row < d[0] * d[1]; row++) {
                for (int m = 0; m < taps; m++) {
                    sub[row * taps + m] = v[row * k + r + m * s];
                }
            }
            String wr = b.initializer("conv_grad_phase", flippedTransposed(TensorProtos.ofDoubles("", b.floatType(),
                    sd, sub), group, b.floatType()));
            long end = Math.max(0, qTotal - lout);
            String h = b.op("Conv", "grad_conv_phase", List.of(dy, wr), GraphBuilder.attrInts("pads", taps - 1, end),
                    GraphBuilder.attrInts("kernel_shape", taps), GraphBuilder.attr("group", group));
            if (lout > qTotal) {
                h = b.op("Slice", "grad_conv_phase_crop", h, b.longs(0), b.longs(qTotal), b.longs(2));
            }
            phases.add(b.op("Unsqueeze", "grad_conv_phase_u", h, b.longs(3)));
            first = first == null ? phases.get(phases.size() - 1) : first;
        }
        List<String> all = new java.util.ArrayList<>();
        for (String ph : phases) {
            all.add(ph != null ? ph : b.op("Mul", "grad_conv_phase_zero", first, b.scalar(0)));
        }
        String stacked = b.op("Concat", "grad_conv_phases", all, GraphBuilder.attr("axis", 3L));
        String flat = b.op("Reshape", "grad_conv_interleave", stacked, b.longs(0, 0, qTotal * s));
        return b.op("Slice", "grad_conv_crop", flat, b.longs(p), b.longs(p + length), b.longs(2));
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
