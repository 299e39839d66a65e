package org.heatbench.methods.modified;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.attribution.CompiledAttributor;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.ForwardValues;
import org.heatbench.methods.backward.GraphAnalysis;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * DeepLIFT with the Rescale rule (Captum {@code DeepLift}): attribution (x − x₀) ⊙ m, or the multipliers m alone with
 * {@code multiply_by_inputs=false}; per-record convergence delta Σa − (f(x) − f(x₀)) when inputs are multiplied.
 * The baseline (a constant, zero by default, or a given tensor) is forwarded once when the method is compiled.
 */
public final class DeepLift implements AttributionMethod {
    private final MethodSpec spec;
    private final FloatTensor baseline;

    /** @return the method for a canonical spec, with its constant baseline */
    public static DeepLift of(MethodSpec spec) {
        return new DeepLift(spec, null);
    }

    DeepLift(MethodSpec spec, FloatTensor baseline) {
        this.spec = spec;
        this.baseline = baseline;
    }

    /** @return the method with an explicit baseline of the input's item shape */
    public DeepLift withBaseline(FloatTensor itemBaseline) {
        itemBaseline.requireFinite("deeplift baseline");
        return new DeepLift(spec, itemBaseline);
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    /**
     * The multiplier graph with the baseline's activations embedded.
     *
     * @param graph its input gradient is the multipliers m (attribution = (x − x₀) ⊙ m)
     * @param baseline x₀, one item
     * @param baselineOutput f(x₀) at the target
     */
    public record Compiled(CompiledGradient graph, float[] baseline, float baselineOutput) {
    }

    /** Compiles the multiplier graph (what {@link #compile} runs; also exported by {@code heatbench compile}). */
    public Compiled compileGraph(OnnxModel model, AttributionTarget target) {
        GradientRequest request = new GradientRequest(target.outputIndex(), target.target(), List.of());
        GraphAnalysis analysis = BackwardCompiler.analyse(model, target.itemShape(), request);
        long[] item = target.itemShape();
        int size = (int) Arrays.stream(item).reduce(1, (a, b) -> a * b);
        float[] x0 = new float[size];
        if (baseline != null) {
            if (baseline.data().length != size) {
                throw new InvalidInputException("deeplift: baseline has " + baseline.data().length
                        + " values, inputs have items of shape " + Arrays.toString(item));
            }
            System.arraycopy(baseline.data(), 0, x0, 0, size);
        } else {
            Arrays.fill(x0, (float) spec.getDouble("baseline"));
        }
        long[] shape = new long[item.length + 1];
        shape[0] = 1;
        System.arraycopy(item, 0, shape, 1, item.length);
        Map<String, FloatTensor> acts = ForwardValues.of(analysis, FloatTensor.of(x0, shape));
        CompiledGradient cg = new BackwardCompiler(DeepLiftRules.rescale()).compile(analysis, request,
                Map.of(DeepLiftRules.BaselineActivations.class, new DeepLiftRules.BaselineActivations(acts)));
        float[] yBase = acts.get(cg.outputName()).data();
        return new Compiled(cg, x0, yBase[target.target()]);
    }

    @Override
    public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        Compiled compiled = compileGraph(model, target);
        CompiledGradient cg = compiled.graph();
        float[] x0 = compiled.baseline();
        float f0 = compiled.baselineOutput();
        int size = x0.length;
        boolean multiply = spec.getBoolean("multiply_by_inputs");
        return new CompiledAttributor(spec, cg, target, options) {
            @Override
            protected Attribution compute(FloatTensor x, long[] seeds) {
                int n = x.batchSize();
                float[] m = new float[x.data().length];
                float[] y = new float[n];
                run(x.data(), n, m, y);
                double[] delta = null;
                if (multiply) {
                    float[] xs = x.data();
                    delta = new double[n];
                    for (int r = 0; r < n; r++) {
                        double s = 0;
                        for (int j = 0; j < size; j++) {
                            int i = r * size + j;
                            m[i] *= xs[i] - x0[j];
                            s += m[i];
                        }
                        delta[r] = s - ((double) y[r] - f0);
                    }
                }
                return new Attribution(new FloatTensor(m, x.shape()), y, delta);
            }
        };
    }
}
