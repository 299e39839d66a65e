package org.heatbench.methods.modified;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.backward.GraphAnalysis;
import org.heatbench.methods.backward.TensorInfo;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * Finds the softmax attention of an ONNX model and how its tokens map back to input samples.
 *
 * <p><b>Attention layers</b>: every Softmax over the last axis whose output is [N, (heads,) T, T] (two equal,
 * non-batch trailing dimensions) and is consumed by a MatMul or Einsum (the product with the values), in graph
 * order — the order of the encoder layers in a PyTorch export.
 *
 * <p><b>Tokens to samples</b>: the tokens are the time positions of the convolutional feature encoder's output. In
 * graph order, each Conv, MaxPool or AveragePool whose input is [N, C, ℓ] with ℓ the current length (starting at the
 * input's L) extends the receptive field: RF += (k − 1)·dilation·J, start −= pad_begin·J, J ×= stride, until the
 * length equals T. Token t then covers input samples [start + t·J, start + t·J + RF) (clipped to the record).
 * Layers after that point (e.g. wav2vec's positional convolution) mix tokens; the attention maps are what accounts
 * for mixing. A model whose attention runs directly on the samples (T = L) maps token t to sample t.
 *
 * @param softmaxOutputs the attention probabilities, one tensor per layer, in graph order
 * @param tokens T
 * @param heads heads per layer (1 for [N, T, T] maps)
 * @param jump J, input samples between neighbouring tokens
 * @param field RF, the receptive field of one token in samples
 * @param start the first sample of token 0's field (negative with padding)
 */
record AttentionLayers(List<String> softmaxOutputs, int tokens, int heads, int jump, int field, int start) {

    AttentionLayers {
        softmaxOutputs = List.copyOf(softmaxOutputs);
    }

    /**
     * @throws ConfigurationException naming the model when it has no softmax attention, or when the tokens cannot be
     *     mapped back to the input samples
     */
    static AttentionLayers find(GraphAnalysis analysis) {
        List<NodeProto> nodes = analysis.model().graph().getNodeList();
        String source = analysis.model().source();
        List<String> found = new ArrayList<>();
        int tokens = -1;
        int heads = -1;
        for (NodeProto n : nodes) {
            if (!n.getOpType().equals("Softmax") || !analysis.has(n.getOutput(0))) {
                continue;
            }
            TensorInfo y = analysis.info(n.getOutput(0));
            int r = y.rank();
            long axis = GraphBuilder.intAttr(n, "axis", -1);
            if (r < 3 || (axis != -1 && axis != r - 1) || y.isBatchDim(r - 1) || y.dim(r - 1) != y.dim(r - 2)
                    || !consumedByProduct(nodes, n.getOutput(0))) {
                continue;
            }
            int t = (int) y.dim(r - 1);
            int h = 1;
            for (int i = 1; i < r - 2; i++) {
                h *= (int) y.dim(i);
            }
            if (tokens >= 0 && (t != tokens || h != heads)) {
                throw new ConfigurationException("attention layers of '" + source + "' differ in shape (" + heads
                        + " × " + tokens + "² then " + y + "); attention explanations need equal layers");
            }
            tokens = t;
            heads = h;
            found.add(n.getOutput(0));
        }
        if (found.isEmpty()) {
            throw new ConfigurationException("model '" + source + "' has no softmax attention (a Softmax over the "
                    + "last axis of a [N, heads, T, T] tensor that multiplies the values); attention rollout and "
                    + "attention relevance need a transformer");
        }
        int[] geometry = geometry(analysis, nodes, tokens);
        return new AttentionLayers(found, tokens, heads, geometry[0], geometry[1], geometry[2]);
    }

    private static boolean consumedByProduct(List<NodeProto> nodes, String tensor) {
        for (NodeProto n : nodes) {
            if ((n.getOpType().equals("MatMul") || n.getOpType().equals("Einsum")) && n.getInputList().contains(tensor)) {
                return true;
            }
        }
        return false;
    }

    /** {jump, field, start}: see the class comment. */
    private static int[] geometry(GraphAnalysis analysis, List<NodeProto> nodes, int tokens) {
        long[] item = analysis.itemShape();
        long length = item[item.length - 1];
        int jump = 1;
        int field = 1;
        int start = 0;
        long current = length;
        for (NodeProto n : nodes) {
            if (current == tokens) {
                break;
            }
            String op = n.getOpType();
            if (!(op.equals("Conv") || op.equals("MaxPool") || op.equals("AveragePool"))
                    || !analysis.has(n.getInput(0)) || !analysis.has(n.getOutput(0))) {
                continue;
            }
            TensorInfo in = analysis.info(n.getInput(0));
            TensorInfo out = analysis.info(n.getOutput(0));
            if (in.rank() != 3 || in.dim(2) != current || out.rank() != 3) {
                continue;
            }
            long[] kernel = GraphBuilder.intsAttr(n, "kernel_shape");
            long k = kernel != null ? kernel[0] : op.equals("Conv") && analysis.has(n.getInput(1))
                    ? analysis.info(n.getInput(1)).dim(2) : 1;
            long[] strides = GraphBuilder.intsAttr(n, "strides");
            long s = strides == null ? 1 : strides[0];
            long[] dil = GraphBuilder.intsAttr(n, "dilations");
            long d = dil == null ? 1 : dil[0];
            long[] pads = GraphBuilder.intsAttr(n, "pads");
            long padBegin = pads == null ? 0 : pads[0];
            String autoPad = GraphBuilder.stringAttr(n, "auto_pad", "NOTSET");
            if (autoPad.startsWith("SAME")) {
                long total = Math.max((out.dim(2) - 1) * s + (k - 1) * d + 1 - in.dim(2), 0);
                padBegin = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
            }
            field += (int) ((k - 1) * d * jump);
            start -= (int) (padBegin * jump);
            jump *= (int) s;
            current = out.dim(2);
        }
        if (current != tokens) {
            throw new ConfigurationException("cannot map the " + tokens + " attention tokens of '"
                    + analysis.model().source() + "' back to its " + length + " input samples: no chain of "
                    + "Conv/pooling layers from the input reaches " + tokens + " positions");
        }
        return new int[] {jump, field, start};
    }

    /**
     * Spreads token relevance [n, T] over the samples: each sample gets Σ over the tokens whose receptive field
     * covers it of r_t / RF, then repeated over the leads → [n, leads, L].
     */
    float[] toSamples(double[] tokenRelevance, int n, int leads, int length) {
        float[] out = new float[n * leads * length];
        double[] row = new double[length];
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(row, 0);
            for (int t = 0; t < tokens; t++) {
                double v = tokenRelevance[r * tokens + t] / field;
                int from = Math.max(0, start + t * jump);
                int to = Math.min(length, start + t * jump + field);
                for (int s = from; s < to; s++) {
                    row[s] += v;
                }
            }
            for (int l = 0; l < leads; l++) {
                for (int s = 0; s < length; s++) {
                    out[(r * leads + l) * length + s] = (float) row[s];
                }
            }
        }
        return out;
    }
}
