package org.heatbench.methods.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds inference-mode BatchNormalization into the Conv that feeds it ("canonizing"): with
 * s = γ / √(σ² + ε), the Conv gets weights W·s (per output channel) and bias (b − μ)·s + β, and outputs the
 * BatchNormalization's tensor. The function computed is the same up to float32 rounding (parameters are folded in
 * double precision).
 *
 * <p>A pair is folded only when the Conv's output feeds nothing but that BatchNormalization, is not a graph output
 * and is not in {@code keep} (tensors a method reads, such as a Grad-CAM layer), and all five BatchNormalization
 * parameters and the Conv's weights (and bias) are initializers.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** @return the model with every foldable Conv→BatchNormalization pair folded (the same instance if none) */
    public static OnnxModel fold(OnnxModel model, Set<String> keep) {
        GraphProto g = model.graph();
        Map<String, TensorProto> inits = model.initializers();
        Map<String, Integer> consumers = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(v.getName());
        }
        Map<String, NodeProto> convByOutput = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Conv")) {
                convByOutput.put(n.getOutput(0), n);
            }
        }
        Map<NodeProto, NodeProto> replaced = new HashMap<>();
        Set<NodeProto> dropped = new HashSet<>();
        List<TensorProto> newInits = new ArrayList<>();
        for (NodeProto bn : g.getNodeList()) {
            if (!bn.getOpType().equals("BatchNormalization") || bn.getOutputCount() > 1
                    && bn.getOutputList().subList(1, bn.getOutputCount()).stream().anyMatch(o -> !o.isEmpty())
                    || GraphBuilder.intAttr(bn, "training_mode", 0) != 0) {
                continue;
            }
            NodeProto conv = convByOutput.get(bn.getInput(0));
            if (conv == null || replaced.containsKey(conv) || consumers.getOrDefault(conv.getOutput(0), 0) != 1
                    || outputs.contains(conv.getOutput(0)) || keep.contains(conv.getOutput(0))) {
                continue;
            }
            boolean allConst = inits.containsKey(conv.getInput(1))
                    && (conv.getInputCount() < 3 || conv.getInput(2).isEmpty() || inits.containsKey(conv.getInput(2)));
            for (int i = 1; i < 5; i++) {
                allConst &= inits.containsKey(bn.getInput(i));
            }
            if (!allConst) {
                continue;
            }
            TensorProto w = inits.get(conv.getInput(1));
            double[] wv = TensorProtos.toDoubles(w);
            long[] wd = TensorProtos.dims(w);
            int cout = (int) wd[0];
            int per = wv.length / cout;
            double[] gamma = TensorProtos.toDoubles(inits.get(bn.getInput(1)));
            double[] beta = TensorProtos.toDoubles(inits.get(bn.getInput(2)));
            double[] mean = TensorProtos.toDoubles(inits.get(bn.getInput(3)));
            double[] var = TensorProtos.toDoubles(inits.get(bn.getInput(4)));
            double eps = GraphBuilder.floatAttr(bn, "epsilon", 1e-5f);
            double[] bias = conv.getInputCount() >= 3 && !conv.getInput(2).isEmpty()
                    ? TensorProtos.toDoubles(inits.get(conv.getInput(2))) : new double[cout];
            double[] nw = new double[wv.length];
            double[] nb = new double[cout];
            for (int c = 0; c < cout; c++) {
                double s = gamma[c] / Math.sqrt(var[c] + (float) eps);
                for (int j = 0; j < per; j++) {
                    nw[c * per + j] = wv[c * per + j] * s;
                }
                nb[c] = (bias[c] - mean[c]) * s + beta[c];
            }
            String wName = bn.getOutput(0) + "/hb_folded_weight";
            String bName = bn.getOutput(0) + "/hb_folded_bias";
            newInits.add(TensorProtos.ofDoubles(wName, w.getDataType(), wd, nw));
            newInits.add(TensorProtos.ofDoubles(bName, w.getDataType(), new long[] {cout}, nb));
            NodeProto folded = conv.toBuilder().clearInput().addInput(conv.getInput(0)).addInput(wName).addInput(bName)
                    .setOutput(0, bn.getOutput(0)).setName(conv.getName() + "+" + bn.getName()).build();
            replaced.put(conv, folded);
            dropped.add(bn);
        }
        if (replaced.isEmpty()) {
            return model;
        }
        GraphProto.Builder b = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            if (dropped.contains(n)) {
                continue;
            }
            b.addNode(replaced.getOrDefault(n, n));
        }
        b.addAllInitializer(newInits);
        // drop the folded nodes' original parameters (ONNX Runtime would warn about each unused initializer)
        Set<String> used = new HashSet<>();
        for (NodeProto n : b.getNodeList()) {
            used.addAll(n.getInputList());
        }
        for (ValueInfoProto v : g.getOutputList()) {
            used.add(v.getName());
        }
        List<TensorProto> kept = new ArrayList<>();
        for (TensorProto t : b.getInitializerList()) {
            if (used.contains(t.getName())) {
                kept.add(t);
            }
        }
        b.clearInitializer().addAllInitializer(kept);
        return model.withGraph(b.build(), model.opset());
    }
}
