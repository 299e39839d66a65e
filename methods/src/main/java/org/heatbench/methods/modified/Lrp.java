package org.heatbench.methods.modified;

import java.util.List;
import java.util.Optional;
import org.heatbench.methods.BackwardBase;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.attribution.CompiledAttributor;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * LRP with relevance starting at the target output (R = f(x)); see {@link LrpRules}. Relevance is linear in its
 * seed, so the graph propagates a unit seed and each record's map is scaled by its own f(x). The convergence delta is
 * Σ R_input − f(x) (zero for the z-rule on bias-free networks; biases and ε absorb relevance otherwise).
 */
public final class Lrp implements AttributionMethod {
    private final MethodSpec spec;

    Lrp(MethodSpec spec) {
        this.spec = spec;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    /** The relevance pass from a unit seed (the map is this times f(x)); also what sampling methods use as base. */
    private CompiledGradient compileRelevance(OnnxModel model, AttributionTarget target) {
        LrpRules.InputRule input = spec.get("input_rule").equals("sign") ? LrpRules.InputRule.SIGN : LrpRules.InputRule.NONE;
        GradientRequest request = new GradientRequest(target.outputIndex(), target.target(), List.of())
                .withFoldBatchNorm(spec.getBoolean("fold_bn"));
        LrpRules.AttentionRule attention = spec.params().containsKey("attention") && spec.get("attention").equals("cp")
                ? LrpRules.AttentionRule.CP : LrpRules.AttentionRule.ATTNLRP;
        return new BackwardCompiler(LrpRules.of(spec.getDouble("epsilon"), input, spec.getDouble("mu"), attention))
                .compile(model, target.itemShape(), request);
    }

    @Override
    public Optional<BackwardBase> backwardBase() {
        return Optional.of(new BackwardBase() {
            @Override
            public Kind kind() {
                return Kind.RELEVANCE;
            }

            @Override
            public CompiledGradient compile(OnnxModel model, AttributionTarget target) {
                return compileRelevance(model, target);
            }
        });
    }

    @Override
    public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        CompiledGradient cg = compileRelevance(model, target);
        return new CompiledAttributor(spec, cg, target, options) {
            @Override
            protected Attribution compute(FloatTensor x, long[] seeds) {
                int n = x.batchSize();
                float[] r = new float[x.data().length];
                float[] y = new float[n];
                run(x.data(), n, r, y);
                int item = x.itemSize();
                double[] delta = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = i * item; j < (i + 1) * item; j++) {
                        r[j] *= y[i];
                        s += r[j];
                    }
                    delta[i] = s - y[i];
                }
                return new Attribution(new FloatTensor(r, x.shape()), y, delta);
            }
        };
    }
}
