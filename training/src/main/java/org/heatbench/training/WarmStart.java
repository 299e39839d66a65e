package org.heatbench.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Initial parameters taken from an exported HeatBench model (fine-tuning): every parameter of the architecture —
 * weights, biases, BatchNormalization scale, shift and running statistics — is read from the initializer of the
 * same name and shape in the model's graph ({@link StevenNet#inference} exports them under their parameter names).
 * The target standardisation is not taken over: the new training split's mean and SD apply, so the first epochs
 * also re-fit the output layer.
 */
public final class WarmStart {

    private WarmStart() {
    }

    /**
     * @param arch  the architecture being trained
     * @param model an ONNX model exported by {@code heatbench train} for the same architecture
     * @return parameters with the model's values
     * @throws ConfigurationException naming the file and tensor when a parameter is missing or has another shape
     */
    public static Parameters load(Architecture arch, Path model) {
        return load(arch, model, Parameters.initialise(StevenNet.specs(arch), 0), false);
    }

    /**
     * The trunk only: every parameter but the linear head ({@code fc.weight}, {@code fc.bias}) from {@code model},
     * the head from the seeded initialisation — how a classifier starts from a regressor of the same architecture
     * (its features), whatever the regressor's head size.
     *
     * @param seed seed of the head's initial weights (as {@link Parameters#initialise})
     */
    public static Parameters loadTrunk(Architecture arch, Path model, long seed) {
        return load(arch, model, Parameters.initialise(StevenNet.specs(arch), seed), true);
    }

    private static Parameters load(Architecture arch, Path model, Parameters p, boolean trunkOnly) {
        OnnxModel m = OnnxModel.load(model);
        Map<String, TensorProto> init = m.initializers();
        for (Parameters.Spec s : p.specs()) {
            if (trunkOnly && s.name().startsWith("fc.")) {
                continue;
            }
            TensorProto t = init.get(s.name());
            if (t == null) {
                throw new ConfigurationException("--init-from '" + model + "': no initializer '" + s.name()
                        + "'; was it exported by heatbench train for " + arch.name() + " with " + arch.leads()
                        + " leads?");
            }
            if (!Arrays.equals(TensorProtos.dims(t), s.shape())) {
                throw new ConfigurationException("--init-from '" + model + "': initializer '" + s.name() + "' has shape "
                        + Arrays.toString(TensorProtos.dims(t)) + ", " + arch.name() + " needs "
                        + Arrays.toString(s.shape()));
            }
            double[] v = TensorProtos.toDoubles(t);
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
                if (!Float.isFinite(f[i])) {
                    throw new ConfigurationException("--init-from '" + model + "': initializer '" + s.name()
                            + "' holds a non-finite value at " + i);
                }
            }
            p.set(s.name(), f);
        }
        return p;
    }
}
