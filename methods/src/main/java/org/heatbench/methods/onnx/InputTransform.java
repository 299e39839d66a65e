package org.heatbench.methods.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import org.heatbench.core.ConfigurationException;

/**
 * The input transform a model expects on top of HeatBench's µV signals, declared next to the model (run spec target
 * entry {@code input_scale}, {@code perturb --input-scale}) so that stores stay in µV: the model sees
 * {@code (x[µV] × scale − mean[lead]) / sd[lead]}. It is compiled into the model by prepending {@code Mul} (and
 * {@code Sub}, {@code Div}) nodes to the graph, so attributions and perturbations stay in µV, with respect to the
 * store's values. Example: a classifier trained on millivolts has {@code scale = 0.001}. Immutable.
 *
 * @param scale factor applied to the µV input, finite and non-zero
 * @param mean  per-lead mean subtracted after scaling (in the scaled unit), or null for none
 * @param sd    per-lead standard deviation divided by after that, or null for none; every value &gt; 0
 */
public record InputTransform(double scale, double[] mean, double[] sd) {

    /** No transform. */
    public static final InputTransform IDENTITY = new InputTransform(1, null, null);

    public InputTransform {
        if (!Double.isFinite(scale) || scale == 0) {
            throw new ConfigurationException("input_scale must be finite and non-zero, got " + scale);
        }
        mean = mean == null ? null : mean.clone();
        sd = sd == null ? null : sd.clone();
        if (sd != null) {
            for (double v : sd) {
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new ConfigurationException("input_sd values must be finite and > 0, got " + v);
                }
            }
        }
    }

    /** A scale only, e.g. {@code 0.001} for a model that takes millivolts. */
    public static InputTransform scale(double scale) {
        return new InputTransform(scale, null, null);
    }

    /** @return true when the transform changes nothing */
    public boolean isIdentity() {
        return scale == 1 && mean == null && sd == null;
    }

    /**
     * @return the model with the transform prepended to its input (the input keeps its name and shape); the model
     *         itself when the transform is the identity
     * @throws ConfigurationException when mean/sd have another length than the model's lead count
     */
    public OnnxModel applyTo(OnnxModel model) {
        if (isIdentity()) {
            return model;
        }
        String x = model.inputName();
        GraphProto g = model.graph();
        Set<String> names = new HashSet<>();
        g.getNodeList().forEach(n -> {
            names.addAll(n.getInputList());
            names.addAll(n.getOutputList());
        });
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        g.getInputList().forEach(v -> names.add(v.getName()));
        GraphBuilder b = new GraphBuilder(names, TensorProtos.FLOAT);
        String y = scale == 1 ? x : b.op("Mul", "input_scale", x, b.scalar(scale));
        long[] shape = model.declaredInputShape();
        long leads = shape.length == 3 ? shape[1] : -1;
        if (mean != null) {
            y = b.op("Sub", "input_mean", y, b.floats(new long[] {1, check(mean, leads, "mean"), 1}, mean));
        }
        if (sd != null) {
            y = b.op("Div", "input_sd", y, b.floats(new long[] {1, check(sd, leads, "sd"), 1}, sd));
        }
        List<NodeProto> nodes = new ArrayList<>(b.nodes());
        for (NodeProto n : g.getNodeList()) {
            NodeProto.Builder nb = n.toBuilder();
            for (int i = 0; i < nb.getInputCount(); i++) {
                if (nb.getInput(i).equals(x)) {
                    nb.setInput(i, y);
                }
            }
            nodes.add(nb.build());
        }
        GraphProto out = g.toBuilder().clearNode().addAllNode(nodes).addAllInitializer(b.initializers()).build();
        return model.withGraph(out, model.opset());
    }

    private static long check(double[] v, long leads, String what) {
        if (leads > 0 && v.length != leads) {
            throw new ConfigurationException("input_" + what + " has " + v.length + " values, the model " + leads
                    + " leads");
        }
        return v.length;
    }
}
