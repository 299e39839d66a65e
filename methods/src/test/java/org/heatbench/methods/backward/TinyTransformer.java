package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.TestGraph.f;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;

import java.util.List;
import org.heatbench.methods.onnx.OnnxModel;

/**
 * Generated transformers as {@code torch.onnx.export} writes them (opset 17): multi-head self-attention with
 * MatMul / Softmax, optional additive mask through Equal + Where (masked fill with −∞), positional embeddings by
 * Gather, post-LN residual blocks with LayerNormalization, and optionally a wav2vec-style conv encoder (Conv,
 * decomposed GroupNorm, exact GELU through Erf). Weights are seeded.
 */
public final class TinyTransformer {
    private TinyTransformer() {
    }

    /**
     * Multi-head self-attention over x [N, T, D] with {@code heads} heads: softmax(Q Kᵀ / √dₕ + mask) V, heads
     * concatenated and projected. {@code mask} ([T, T] of 0/1, row-major) blocks the positions where it is 0.
     */
    public static String attention(TestGraph g, String x, long t, long d, long heads, double[] mask) {
        long dh = d / heads;
        String q = heads(g, g.op("Add", g.op("MatMul", x, g.weight(0.6, d, d)), g.weight(0.2, d)), t, heads, dh);
        String k = heads(g, g.op("Add", g.op("MatMul", x, g.weight(0.6, d, d)), g.weight(0.2, d)), t, heads, dh);
        String v = heads(g, g.op("MatMul", x, g.weight(0.6, d, d)), t, heads, dh);
        String kt = g.op("Transpose", List.of(k), ints("perm", 0, 1, 3, 2));
        String scores = g.op("Div", g.op("MatMul", q, kt), g.scalar(Math.sqrt(dh)));
        if (mask != null) {
            String blocked = g.op("Equal", g.constant(new long[] {t, t}, mask), g.scalar(0));
            scores = g.op("Where", blocked, g.scalar(Double.NEGATIVE_INFINITY), scores);
        }
        String p = g.op("Softmax", List.of(scores), i("axis", -1));
        String ctx = g.op("Transpose", List.of(g.op("MatMul", p, v)), ints("perm", 0, 2, 1, 3));
        String merged = g.op("Reshape", ctx, g.longs(0, t, d));
        return g.op("Add", g.op("MatMul", merged, g.weight(0.6, d, d)), g.weight(0.2, d));
    }

    private static String heads(TestGraph g, String x, long t, long heads, long dh) {
        return g.op("Transpose", List.of(g.op("Reshape", x, g.longs(0, t, heads, dh))), ints("perm", 0, 2, 1, 3));
    }

    /** A post-LN encoder layer: LN(x + attention(x)), then LN(h + W₂ tanh(W₁ h)). */
    public static String encoderLayer(TestGraph g, String x, long t, long d, long heads, double[] mask) {
        String h = layerNorm(g, g.op("Add", x, attention(g, x, t, d, heads, mask)), d);
        String ff = g.op("MatMul", g.op("Tanh", g.op("MatMul", h, g.weight(0.6, d, 2 * d))), g.weight(0.6, 2 * d, d));
        return layerNorm(g, g.op("Add", h, ff), d);
    }

    static String layerNorm(TestGraph g, String x, long d) {
        return g.op("LayerNormalization", List.of(x, g.weightIn(0.5, 1.5, d), g.weight(0.3, d)), i("axis", -1),
                f("epsilon", 1e-5));
    }

    /** Tokens x [N, T, D] + positional embeddings (Gather) → encoder layer → mean over T → Gemm → [N, outputs]. */
    public static String tokenModel(TestGraph g, long t, long d, long heads, double[] mask, long outputs) {
        long[] idx = new long[(int) t];
        for (int k = 0; k < t; k++) {
            idx[k] = k;
        }
        String pos = g.op("Gather", List.of(g.weight(0.5, t + 2, d), g.longs(idx)), i("axis", 0));
        String h = encoderLayer(g, g.op("Add", g.input(), pos), t, d, heads, mask);
        String pooled = g.op("ReduceMean", List.of(h), ints("axes", 1), i("keepdims", 0));
        return g.op("Gemm", List.of(pooled, g.weight(0.6, d, outputs), g.weight(0.2, outputs)));
    }

    /**
     * An ECG transformer: x [N, leads, L] → Conv(k 4, stride 2) → GroupNorm (decomposed, 2 groups) → GELU (Erf) →
     * Conv(k 2, stride 2) → GELU → tokens [N, T, D] → encoder layer → mean → Gemm → [N, outputs]. Float32 (ONNX
     * Runtime's Conv has no float64 kernel).
     */
    public static OnnxModel ecgModel(int type, long seed, long leads, long length, long d, long heads, long outputs) {
        TestGraph g = new TestGraph(type, seed, leads, length);
        String c1 = g.op("Conv", List.of(g.input(), g.weight(0.5, d, leads, 4), g.weight(0.1, d)), ints("strides", 2));
        long l1 = (length - 4) / 2 + 1;
        String z = g.op("Reshape", c1, g.longs(0, 2, -1));
        String n = g.op("InstanceNormalization", List.of(z, g.constant(new long[] {2}, 1, 1),
                g.constant(new long[] {2}, 0, 0)));
        String gn = g.op("Add", g.op("Mul", g.op("Reshape", n, g.op("Shape", c1)), g.weightIn(0.5, 1.5, d, 1)),
                g.weight(0.2, d, 1));
        String a1 = gelu(g, gn);
        String c2 = gelu(g, g.op("Conv", List.of(a1, g.weight(0.5, d, d, 2)), ints("strides", 2)));
        long t = (l1 - 2) / 2 + 1;
        String tokens = layerNorm(g, g.op("Transpose", List.of(c2), ints("perm", 0, 2, 1)), d);
        String h = encoderLayer(g, tokens, t, d, heads, null);
        String pooled = g.op("ReduceMean", List.of(h), ints("axes", 1), i("keepdims", 0));
        String y = g.op("Gemm", List.of(pooled, g.weight(0.6, d, outputs), g.weight(0.2, outputs)));
        return g.output(y).build("tiny-ecg-transformer.onnx");
    }

    /** Token count of {@link #ecgModel}'s attention for an input length. */
    public static long tokens(long length) {
        return ((length - 4) / 2 + 1 - 2) / 2 + 1;
    }

    /** PyTorch's exact GELU below opset 20: x · 0.5 · (1 + erf(x / √2)). */
    public static String gelu(TestGraph g, String x) {
        String e = g.op("Erf", g.op("Div", x, g.scalar(Math.sqrt(2))));
        return g.op("Mul", g.op("Mul", x, g.op("Add", e, g.scalar(1))), g.scalar(0.5));
    }
}
