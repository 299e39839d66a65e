package org.heatbench.methods.attribution;

import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.BackwardBase;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * Integrated gradients (Sundararajan, Taly, Yan: "Axiomatic Attribution for Deep Networks", ICML 2017) with
 * Captum's semantics: {@code (x − x₀) ⊙ Σ_k w_k ∇f(x₀ + α_k (x − x₀))}, or the weighted mean gradient alone when
 * {@code multiply_by_inputs=false}. Steps × records rows are evaluated in chunks of at most
 * {@link ExecutionOptions#maxBatchRows()} rows; gradients are accumulated in double precision.
 *
 * <p>The convergence delta Σa − (f(x) − f(x₀)) is returned per record when inputs are multiplied; f(x₀) of a
 * constant baseline is computed once per attributor.
 *
 * <p>With {@code base=M} (a modified gradient such as guided backprop) M's backward pass replaces ∇f along the path;
 * the convergence delta is then reported but completeness need not hold.
 */
public final class IntegratedGradients implements AttributionMethod {
    private final MethodSpec spec;
    private final Quadrature quadrature;
    private final boolean multiplyByInputs;
    private final double baselineValue;
    private final FloatTensor baseline;
    private final BackwardBase base;

    /** @param base the backward pass integrated ({@code null} = the plain gradient); a {@link BackwardBase.Kind#GRADIENT} */
    IntegratedGradients(MethodSpec spec, FloatTensor baseline, BackwardBase base) {
        this.base = base;
        this.spec = spec;
        this.quadrature = Quadrature.of(spec.get("rule"), spec.getInt("steps"));
        this.multiplyByInputs = spec.getBoolean("multiply_by_inputs");
        this.baselineValue = spec.getDouble("baseline");
        this.baseline = baseline;
    }

    /** @return the method with an explicit baseline of the input's item shape (replaces the constant baseline) */
    public IntegratedGradients withBaseline(FloatTensor itemBaseline) {
        return new IntegratedGradients(spec, itemBaseline, base);
    }

    /** @return the integration nodes and weights in use */
    public Quadrature quadrature() {
        return quadrature;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        GradientEngine engine = GradientEngine.of(model, target, options, base);
        int item = engine.itemSize();
        float[] x0 = new float[item];
        if (baseline != null) {
            if (!Arrays.equals(baseline.shape(), engine.itemShape()) && !Arrays.equals(baseline.itemShape(), engine.itemShape())) {
                throw new InvalidInputException("integrated_gradients: baseline shape " + Arrays.toString(baseline.shape())
                        + " differs from the input item shape " + Arrays.toString(engine.itemShape()));
            }
            baseline.requireFinite("integrated_gradients baseline");
            System.arraycopy(baseline.data(), 0, x0, 0, item);
        } else {
            Arrays.fill(x0, (float) baselineValue);
        }
        return new CompiledAttributor(spec, engine) {
            private float baselineOutput = Float.NaN;

            @Override
            protected Attribution compute(FloatTensor x, long[] seeds) {
                int n = x.batchSize();
                float[] xs = x.data();
                double[] acc = new double[xs.length];
                int steps = quadrature.size();
                engine.runExpanded(n, steps, (rec, k, dst, off) -> {
                    float a = (float) quadrature.alpha(k);
                    int base = rec * item;
                    for (int j = 0; j < item; j++) {
                        dst[off + j] = x0[j] + a * (xs[base + j] - x0[j]);
                    }
                }, (rec, k, grad, off, y) -> {
                    double w = quadrature.weight(k);
                    int base = rec * item;
                    for (int j = 0; j < item; j++) {
                        acc[base + j] += w * grad[off + j];
                    }
                });
                float[] out = new float[xs.length];
                for (int i = 0; i < out.length; i++) {
                    double v = acc[i];
                    if (multiplyByInputs) {
                        v *= xs[i] - x0[i % item];
                    }
                    out[i] = (float) v;
                }
                float[] pred = new float[n];
                float[] scratch = new float[xs.length];
                engine.run(xs, n, scratch, pred);
                double[] delta = null;
                if (multiplyByInputs) {
                    if (Float.isNaN(baselineOutput)) {
                        float[] y0 = new float[1];
                        engine.run(x0, 1, new float[item], y0);
                        baselineOutput = y0[0];
                    }
                    delta = new double[n];
                    for (int r = 0; r < n; r++) {
                        double s = 0;
                        for (int j = 0; j < item; j++) {
                            s += out[r * item + j];
                        }
                        delta[r] = s - ((double) pred[r] - baselineOutput);
                    }
                }
                return new Attribution(new FloatTensor(out, x.shape()), pred, delta);
            }
        };
    }
}
