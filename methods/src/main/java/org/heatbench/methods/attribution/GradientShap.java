package org.heatbench.methods.attribution;

import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.BackwardBase;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * GradientSHAP (Lundberg & Lee, "A Unified Approach to Interpreting Model Predictions", NeurIPS 2017; Captum's
 * {@code GradientShap}): for each of {@code samples} draws, a baseline b from the baseline set, noise added to the
 * input (x̃ = x + N(0, σ²)), α ~ U(0, 1); the gradient at α·x̃ + (1 − α)·b, times (x̃ − b) when
 * {@code multiply_by_inputs}; averaged over draws. The default baseline set is the single all-zero (or
 * {@code baseline}-valued) input. Draws come from each record's own seed.
 */
public final class GradientShap implements AttributionMethod {
    private static final long SALT = 0x4753_6861_7020_0001L;
    private final MethodSpec spec;
    private final FloatTensor baselines;
    private final BackwardBase base;

    /** @param base the backward pass used ({@code null} = the plain gradient); a {@link BackwardBase.Kind#GRADIENT} */
    GradientShap(MethodSpec spec, FloatTensor baselines, BackwardBase base) {
        this.base = base;
        this.spec = spec;
        this.baselines = baselines;
    }

    /** @return the method with an explicit baseline set {@code [B, item...]} */
    public GradientShap withBaselines(FloatTensor set) {
        set.requireFinite("gradient_shap baselines");
        return new GradientShap(spec, set, base);
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public GradientShapAttributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        GradientEngine engine = GradientEngine.of(model, target, options, base);
        FloatTensor set = baselines;
        if (set == null) {
            long[] shape = new long[target.itemShape().length + 1];
            shape[0] = 1;
            System.arraycopy(target.itemShape(), 0, shape, 1, shape.length - 1);
            float[] b = new float[engine.itemSize()];
            Arrays.fill(b, (float) spec.getDouble("baseline"));
            set = new FloatTensor(b, shape);
        } else if (!Arrays.equals(set.itemShape(), engine.itemShape())) {
            throw new InvalidInputException("gradient_shap: baselines have items of shape "
                    + Arrays.toString(set.itemShape()) + ", inputs " + Arrays.toString(engine.itemShape()));
        }
        return new GradientShapAttributor(spec, engine, set);
    }

    /** The compiled method; {@link #attributeWithDraws} replays given draws (e.g. Captum's). */
    public static final class GradientShapAttributor extends CompiledAttributor {
        private final int samples;
        private final double stdev;
        private final boolean relative;
        private final boolean multiply;
        private final FloatTensor set;

        GradientShapAttributor(MethodSpec spec, GradientEngine engine, FloatTensor set) {
            super(spec, engine);
            this.samples = spec.getInt("samples");
            this.stdev = spec.getDouble("stdev");
            this.relative = spec.get("stdev_mode").equals("relative");
            this.multiply = spec.getBoolean("multiply_by_inputs");
            this.set = set;
        }

        @Override
        protected Attribution compute(FloatTensor x, long[] seeds) {
            int n = x.batchSize();
            int item = engine().itemSize();
            int[] idx = new int[n * samples];
            float[] alpha = new float[n * samples];
            float[] noise = stdev == 0 ? null : new float[n * samples * item];
            for (int r = 0; r < n; r++) {
                RecordRandom rnd = new RecordRandom(seeds[r], SALT);
                double sigma = NoiseScale.sigma(x.data(), r * item, item, stdev, relative);
                for (int k = 0; k < samples; k++) {
                    int row = r * samples + k;
                    if (noise != null) {
                        for (int j = 0; j < item; j++) {
                            noise[row * item + j] = (float) (sigma * rnd.gaussian());
                        }
                    }
                    idx[row] = rnd.nextInt(set.batchSize());
                    alpha[row] = (float) rnd.uniform();
                }
            }
            return run(x, idx, alpha, noise);
        }

        /**
         * GradientSHAP with given draws for expanded row {@code r = samples·i + k} of record i.
         *
         * @param baselineIndex index into the baseline set per row
         * @param alphas α per row
         * @param noise added input noise per row ({@code [N·samples·item]}), or {@code null} for none
         */
        public synchronized Attribution attributeWithDraws(FloatTensor x, int[] baselineIndex, float[] alphas,
                float[] noise) {
            engine().check(x, "gradient_shap");
            int rows = x.batchSize() * samples;
            if (baselineIndex.length != rows || alphas.length != rows) {
                throw new InvalidInputException("gradient_shap: need " + rows + " draws (" + samples
                        + " per record), got " + baselineIndex.length + " baseline indices and " + alphas.length + " alphas");
            }
            return run(x, baselineIndex, alphas, noise);
        }

        private Attribution run(FloatTensor x, int[] idx, float[] alpha, float[] noise) {
            int n = x.batchSize();
            int item = engine().itemSize();
            float[] xs = x.data();
            float[] bs = set.data();
            double[] acc = new double[n * item];
            engine().runExpanded(n, samples, (rec, k, dst, off) -> {
                int row = rec * samples + k;
                float a = alpha[row];
                int b = idx[row] * item;
                for (int j = 0; j < item; j++) {
                    float xt = xs[rec * item + j] + (noise == null ? 0f : noise[row * item + j]);
                    dst[off + j] = a * xt + (1 - a) * bs[b + j];
                }
            }, (rec, k, grad, off, y) -> {
                int row = rec * samples + k;
                int b = idx[row] * item;
                for (int j = 0; j < item; j++) {
                    double g = grad[off + j];
                    if (multiply) {
                        float xt = xs[rec * item + j] + (noise == null ? 0f : noise[row * item + j]);
                        g *= xt - bs[b + j];
                    }
                    acc[rec * item + j] += g;
                }
            });
            float[] out = new float[acc.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (acc[i] / samples);
            }
            return new Attribution(new FloatTensor(out, x.shape()), null, null);
        }
    }
}
