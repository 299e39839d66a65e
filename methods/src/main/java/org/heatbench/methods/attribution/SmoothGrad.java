package org.heatbench.methods.attribution;

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
 * SmoothGrad (Smilkov et al., "SmoothGrad: removing noise by adding noise", 2017) as Captum's
 * {@code NoiseTunnel(Saliency)} with {@code nt_type="smoothgrad"}: the mean over {@code samples} noisy copies
 * x + N(0, σ²) of the saliency (|∇f| by default, signed with {@code abs=false}). σ is absolute or relative to the
 * record's (max − min) as in the reference study (σ = 0.02·(max − min)). Each record's noise comes from its own seed.
 * With {@code base=M} the averaged pass is method M's backward pass (guided backprop, LRP relevance, ...) instead of
 * the gradient; {@code abs} then applies to that pass's result.
 */
public final class SmoothGrad implements AttributionMethod {
    private static final long SALT = 0x5300_7468_4772_6164L;
    private final MethodSpec spec;
    private final BackwardBase base;

    /** @param base the backward pass averaged ({@code null} = the plain gradient) */
    SmoothGrad(MethodSpec spec, BackwardBase base) {
        this.spec = spec;
        this.base = base;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public SmoothGradAttributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        return new SmoothGradAttributor(spec, GradientEngine.of(model, target, options, base));
    }

    /** The compiled method; {@link #attributeNoisy} replays given noisy inputs (e.g. Captum's) instead of drawing. */
    public static final class SmoothGradAttributor extends CompiledAttributor {
        private final int samples;
        private final double stdev;
        private final boolean relative;
        private final boolean abs;

        SmoothGradAttributor(MethodSpec spec, GradientEngine engine) {
            super(spec, engine);
            this.samples = spec.getInt("samples");
            this.stdev = spec.getDouble("stdev");
            this.relative = spec.get("stdev_mode").equals("relative");
            this.abs = spec.getBoolean("abs");
        }

        @Override
        protected Attribution compute(FloatTensor x, long[] seeds) {
            int n = x.batchSize();
            int item = engine().itemSize();
            float[] xs = x.data();
            double[] sigma = new double[n];
            RecordRandom[] rnd = new RecordRandom[n];
            for (int r = 0; r < n; r++) {
                sigma[r] = NoiseScale.sigma(xs, r * item, item, stdev, relative);
                rnd[r] = new RecordRandom(seeds[r], SALT);
            }
            // rows are filled in record-major, sample-minor order, so each record's stream is consumed in order
            return average(n, (rec, k, dst, off) -> {
                int base = rec * item;
                for (int j = 0; j < item; j++) {
                    dst[off + j] = (float) (xs[base + j] + sigma[rec] * rnd[rec].gaussian());
                }
            }, x.shape());
        }

        /**
         * SmoothGrad over given noisy inputs.
         *
         * @param noisy {@code [N·samples, item...]}; rows {@code samples·i .. samples·i + samples − 1} belong to record i
         */
        public synchronized Attribution attributeNoisy(FloatTensor noisy, int samplesPerRecord) {
            if (samplesPerRecord != samples || noisy.batchSize() % samples != 0) {
                throw new InvalidInputException("smoothgrad: " + noisy.batchSize() + " noisy rows do not hold "
                        + samples + " samples per record");
            }
            engine().check(noisy, "smoothgrad");
            int n = noisy.batchSize() / samples;
            int item = engine().itemSize();
            float[] ns = noisy.data();
            long[] shape = noisy.shape();
            shape[0] = n;
            return average(n, (rec, k, dst, off) -> System.arraycopy(ns, (rec * samples + k) * item, dst, off, item),
                    shape);
        }

        private Attribution average(int n, GradientEngine.RowFiller filler, long[] shape) {
            int item = engine().itemSize();
            double[] acc = new double[n * item];
            engine().runExpanded(n, samples, filler, (rec, k, grad, off, y) -> {
                int base = rec * item;
                for (int j = 0; j < item; j++) {
                    float g = grad[off + j];
                    acc[base + j] += abs ? Math.abs(g) : g;
                }
            });
            float[] out = new float[acc.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (acc[i] / samples);
            }
            return new Attribution(new FloatTensor(out, shape), null, null);
        }
    }
}
