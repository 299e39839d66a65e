package org.heatbench.perturbation.sanity;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.perturbation.StreamKey;

/**
 * The parameter layers of an ONNX model and their seeded re-initialisation, for model-parameter randomisation tests.
 *
 * <p>A <em>layer</em> is a {@code Conv}, {@code Gemm} or {@code MatMul} node whose weight is a float initializer,
 * with its bias: the Conv/Gemm third input, or for a MatMul the initializer of the {@code Add} that alone consumes
 * its output. Layers are listed in graph (topological) order; the output layer is the last. BatchNormalization
 * statistics are not randomised (they are not learned weights of a layer in Adebayo et al.'s sense).
 *
 * <p>Randomisation replaces every value of a layer's tensors by N(0, s²), s the standard deviation of that tensor's
 * original values (the weight's s for a bias whose values are all equal, e.g. zero), so the randomised layer keeps
 * the trained layer's scale and activations stay in range. The draws come from a stream keyed by (seed, layer name,
 * tensor name): a layer gets the same random weights in every cascade step and in the independent test. Thread-safe.
 */
public final class ParameterLayers {
    private static final Set<String> TYPES = Set.of("Conv", "Gemm", "MatMul");

    /** One layer: its node's name, operator type, weight and (nullable) bias initializer names. */
    public record Layer(String name, String opType, String weight, String bias) {
    }

    private final OnnxModel model;
    private final List<Layer> layers;

    private ParameterLayers(OnnxModel model, List<Layer> layers) {
        this.model = model;
        this.layers = List.copyOf(layers);
    }

    /**
     * Finds the layers of a model.
     *
     * @throws ConfigurationException if the model has no Conv/Gemm/MatMul with an initializer weight
     */
    public static ParameterLayers of(OnnxModel model) {
        Map<String, TensorProto> inits = model.initializers();
        GraphProto g = model.graph();
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (!TYPES.contains(n.getOpType())) {
                continue;
            }
            String weight = null;
            if (n.getOpType().equals("MatMul")) {
                for (String in : n.getInputList()) {
                    weight = weight == null && isFloat(inits.get(in)) ? in : weight;
                }
            } else if (n.getInputCount() > 1 && isFloat(inits.get(n.getInput(1)))) {
                weight = n.getInput(1);
            }
            if (weight == null) {
                continue;
            }
            String bias = null;
            if (!n.getOpType().equals("MatMul") && n.getInputCount() > 2 && isFloat(inits.get(n.getInput(2)))) {
                bias = n.getInput(2);
            } else if (n.getOpType().equals("MatMul")) {
                bias = matMulBias(g, n.getOutput(0), inits);
            }
            String name = n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName();
            out.add(new Layer(name, n.getOpType(), weight, bias));
        }
        if (out.isEmpty()) {
            throw new ConfigurationException("model '" + model.source() + "' has no Conv, Gemm or MatMul layer with "
                    + "initializer weights: model-parameter randomisation has nothing to randomise");
        }
        return new ParameterLayers(model, out);
    }

    private static boolean isFloat(TensorProto t) {
        return t != null && t.getDataType() == TensorProtos.FLOAT;
    }

    private static String matMulBias(GraphProto g, String output, Map<String, TensorProto> inits) {
        NodeProto consumer = null;
        for (NodeProto n : g.getNodeList()) {
            if (n.getInputList().contains(output)) {
                if (consumer != null) {
                    return null;
                }
                consumer = n;
            }
        }
        if (consumer == null || !consumer.getOpType().equals("Add")) {
            return null;
        }
        for (String in : consumer.getInputList()) {
            if (!in.equals(output) && isFloat(inits.get(in))) {
                return in;
            }
        }
        return null;
    }

    /** @return the layers, input side first, output layer last */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the model */
    public OnnxModel model() {
        return model;
    }

    /**
     * The cascade's layer sets: step s (1-based) randomises the top s layers, output layer first (Adebayo et al.'s
     * cascading randomisation "from the top"). The last step randomises every layer.
     */
    public List<List<Layer>> cascade() {
        List<List<Layer>> steps = new ArrayList<>();
        for (int s = 1; s <= layers.size(); s++) {
            steps.add(List.copyOf(layers.subList(layers.size() - s, layers.size())));
        }
        return steps;
    }

    /**
     * A copy of the model with the given layers' weights and biases re-initialised (see the class comment).
     *
     * @param seed the run seed
     */
    public OnnxModel randomize(Collection<Layer> which, long seed) {
        Set<String> names = new HashSet<>();
        Map<String, TensorProto> inits = model.initializers();
        GraphProto.Builder g = model.graph().toBuilder();
        for (Layer l : which) {
            if (!layers.contains(l)) {
                throw new IllegalArgumentException("layer " + l + " is not a layer of " + model.source());
            }
            double weightSd = sd(TensorProtos.toDoubles(inits.get(l.weight())));
            names.add(l.weight());
            replace(g, inits.get(l.weight()), l.name(), weightSd, seed);
            if (l.bias() != null && names.add(l.bias())) {
                replace(g, inits.get(l.bias()), l.name(), weightSd, seed);
            }
        }
        return model.withGraph(g.build(), model.opset());
    }

    private static void replace(GraphProto.Builder g, TensorProto t, String layer, double fallbackSd, long seed) {
        double[] v = TensorProtos.toDoubles(t);
        double sd = sd(v);
        if (!(sd > 0)) {
            sd = fallbackSd > 0 ? fallbackSd : 1.0;
        }
        UniformRandomProvider rng = new StreamKey(seed, layer, "sanity").stream(t.getName(), "randomise");
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (sd * z.sample());
        }
        TensorProto replacement = TensorProtos.ofFloats(t.getName(), TensorProtos.dims(t), r);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(t.getName())) {
                g.setInitializer(i, replacement);
                return;
            }
        }
        throw new IllegalStateException("initializer " + t.getName() + " vanished");
    }

    static double sd(double[] v) {
        if (v.length < 2) {
            return v.length == 1 ? Math.abs(v[0]) : 0;
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
