package org.heatbench.methods.modified;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.attribution.CompiledAttributor;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.BackwardPass;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.backward.GraphAnalysis;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * Explanations read off a transformer's attention maps A_l [heads, T, T] (layers found by {@link AttentionLayers}),
 * mapped from tokens to samples through the conv encoder's receptive fields and repeated over leads.
 *
 * <ul>
 *   <li><b>Attention rollout</b> (Abnar & Zuidema, "Quantifying Attention Flow in Transformers", ACL 2020):
 *       Â_l = ½ mean_h A_l + ½ I (the residual path), rows renormalised; R = Â_L ⋯ Â_1. Class independent.</li>
 *   <li><b>Gradient-weighted attention relevance</b> (Chefer, Gur, Wolf, "Generic Attention-model Explainability
 *       for Interpreting Bi-Modal and Encoder-Decoder Transformers", ICCV 2021): Ā_l = mean_h (∂f/∂A_l ⊙ A_l)⁺,
 *       R = I, then R ← R + Ā_l R for each layer in order; f is the target output.</li>
 * </ul>
 * The token relevance is the mean over query rows of R ({@code query=mean}, for mean-pooled models such as
 * wav2vec / ECG-FM heads) or one row ({@code query=k}, e.g. 0 for a class token). Values per record are
 * comparable within the record only. Thread safety: as {@link CompiledAttributor}.
 */
public final class AttentionExplanation implements AttributionMethod {
    /** Which attention explanation. */
    enum Kind { ROLLOUT, RELEVANCE }

    private final MethodSpec spec;
    private final Kind kind;

    AttentionExplanation(MethodSpec spec, Kind kind) {
        this.spec = spec;
        this.kind = kind;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public CompiledAttributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        long[] item = target.itemShape();
        GradientRequest probe = new GradientRequest(target.outputIndex(), target.target(), List.of());
        GraphAnalysis analysis = BackwardCompiler.analyse(model, item, probe);
        AttentionLayers layers = AttentionLayers.find(analysis);
        int query = parseQuery(spec.get("query"), layers.tokens());
        GradientRequest request = probe.withLayers(layers.softmaxOutputs());
        CompiledGradient cg = BackwardCompiler.compile(analysis, request,
                List.of(BackwardPass.toInput("attention", RuleSet.gradient(), layers.softmaxOutputs())), Map.of());
        return new CompiledAttributor(spec, cg, target, options) {
            @Override
            protected Attribution compute(FloatTensor x, long[] seeds) {
                int n = x.batchSize();
                Map<String, FloatTensor> out = runOutputs(x);
                double[] tokens = tokenRelevance(out, compiled().pass("attention").layers(), layers, n, query);
                long[] shape = x.itemShape();
                int length = (int) shape[shape.length - 1];
                int leads = x.itemSize() / length;
                float[] values = layers.toSamples(tokens, n, leads, length);
                return new Attribution(new FloatTensor(values, x.shape()), predictions(out, n), null);
            }

            @Override
            protected List<String> outputs() {
                List<String> o = new ArrayList<>();
                o.add(compiled().outputName());
                for (CompiledGradient.LayerOutputs lo : compiled().pass("attention").layers().values()) {
                    o.add(lo.activation());
                    if (kind == Kind.RELEVANCE) {
                        o.add(lo.gradient());
                    }
                }
                return o;
            }
        };
    }

    private static int parseQuery(String q, int tokens) {
        if (q.equals("mean")) {
            return -1;
        }
        try {
            int k = Integer.parseInt(q);
            if (k >= 0 && k < tokens) {
                return k;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("query='" + q + "': expected 'mean' or a token index in [0, " + tokens + ")");
    }

    /** Token relevance [n, T] from the fetched attention maps (and their gradients). */
    double[] tokenRelevance(Map<String, FloatTensor> out, Map<String, CompiledGradient.LayerOutputs> fetched,
            AttentionLayers layers, int n, int query) {
        int t = layers.tokens();
        int h = layers.heads();
        double[] result = new double[n * t];
        for (int r = 0; r < n; r++) {
            double[][] rel = identity(t);
            boolean first = true;
            for (String layer : layers.softmaxOutputs()) {
                CompiledGradient.LayerOutputs names = fetched.get(layer);
                float[] a = out.get(names.activation()).data();
                float[] g = kind == Kind.RELEVANCE ? out.get(names.gradient()).data() : null;
                double[][] m = new double[t][t];
                int base = r * h * t * t;
                for (int head = 0; head < h; head++) {
                    for (int i = 0; i < t; i++) {
                        for (int j = 0; j < t; j++) {
                            int k = base + (head * t + i) * t + j;
                            double v = kind == Kind.RELEVANCE ? Math.max(0, (double) g[k] * a[k]) : a[k];
                            m[i][j] += v / h;
                        }
                    }
                }
                if (kind == Kind.ROLLOUT) {
                    for (int i = 0; i < t; i++) {
                        double sum = 0;
                        for (int j = 0; j < t; j++) {
                            m[i][j] = 0.5 * m[i][j] + (i == j ? 0.5 : 0);
                            sum += m[i][j];
                        }
                        for (int j = 0; j < t; j++) {
                            m[i][j] /= sum;
                        }
                    }
                    rel = first ? m : multiply(m, rel);
                } else {
                    double[][] mr = multiply(m, rel);
                    for (int i = 0; i < t; i++) {
                        for (int j = 0; j < t; j++) {
                            rel[i][j] += mr[i][j];
                        }
                    }
                }
                first = false;
            }
            for (int j = 0; j < t; j++) {
                double v = 0;
                if (query < 0) {
                    for (int i = 0; i < t; i++) {
                        v += rel[i][j] / t;
                    }
                } else {
                    v = rel[query][j];
                }
                result[r * t + j] = v;
            }
        }
        return result;
    }

    private static double[][] identity(int t) {
        double[][] m = new double[t][t];
        for (int i = 0; i < t; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int t = a.length;
        double[][] c = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < t; k++) {
                double v = a[i][k];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < t; j++) {
                    c[i][j] += v * b[k][j];
                }
            }
        }
        return c;
    }
}
