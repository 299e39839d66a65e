package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_DEEP;
import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.onnx.UnsupportedOperatorException;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of attention as exported by PyTorch: Q Kᵀ and attention × V with both MatMul operands
 * depending on the input (batched over heads, broadcasting), multi-head self-attention with 1, 2 and 3 heads, with
 * and without a causal / padding mask applied by Equal + Where (masked fill with −∞), positional embeddings by
 * Gather, Concat of a class token and Split of heads along inner axes; a whole encoder layer with LayerNorm; a
 * conv-encoder ECG transformer in float32; and the compile-time error for recurrent layers.
 */
class AttentionGradientTest {
    private static final long T = 4;
    private static final long D = 6;
    private static final long[] TOKENS = {T, D};

    private static double[] causal(long t) {
        double[] m = new double[(int) (t * t)];
        for (int r = 0; r < t; r++) {
            for (int c = 0; c <= r; c++) {
                m[(int) (r * t + c)] = 1;
            }
        }
        return m;
    }

    @Test
    void twoLiveMatMulOperands() {
        // scores [N, 2, T, T] from q [N, 1, T, D] broadcast against k [N, 2, D, T]
        verify("qk broadcast heads", F64, TOKENS, g -> g.op("MatMul", g.op("Unsqueeze", g.op("Tanh", g.input()),
                g.longs(1)), g.op("Transpose", List.of(g.op("Mul", g.op("Unsqueeze", g.input(), g.longs(1)),
                g.weight(1, 2, 1, 1))), ints("perm", 0, 1, 3, 2))));
        verify("attention times v", F64, TOKENS, g -> g.op("MatMul", g.op("Softmax", g.op("MatMul", g.input(),
                g.op("Transpose", List.of(g.input()), ints("perm", 0, 2, 1)))), g.op("Sigmoid", g.input())));
    }

    @Test
    void multiHeadAttention() {
        for (long heads : new long[] {1, 2, 3}) {
            verify("mha " + heads + " heads", F64, TOKENS,
                    g -> TinyTransformer.attention(g, g.input(), T, D, heads, null));
        }
    }

    @Test
    void maskedMultiHeadAttention() {
        verify("mha causal mask", F64, TOKENS, g -> TinyTransformer.attention(g, g.input(), T, D, 2, causal(T)));
        // padding mask: the last key is blocked for every query
        double[] pad = new double[(int) (T * T)];
        for (int k = 0; k < pad.length; k++) {
            pad[k] = k % T == T - 1 ? 0 : 1;
        }
        verify("mha padding mask", F64, TOKENS, g -> TinyTransformer.attention(g, g.input(), T, D, 3, pad));
    }

    @Test
    void encoderLayerWithPositionalEmbeddings() {
        verify("token transformer", F64, TOKENS, g -> TinyTransformer.tokenModel(g, T, D, 2, causal(T), 3));
    }

    /** A class token prepended with Concat, heads split with Split along the feature axis. */
    @Test
    void classTokenAndSplitHeads() {
        verify("cls concat split", F64, TOKENS, g -> {
            String cls = g.op("Expand", g.weight(1, 1, 1, D), g.op("Concat", List.of(g.op("Slice",
                    g.op("Shape", g.input()), g.longs(0), g.longs(1)), g.longs(1, D)), i("axis", 0)));
            String seq = g.op("Concat", List.of(cls, g.input()), i("axis", 1));
            String[] parts = g.opN("Split", List.of(g.op("Tanh", seq), g.longs(2, 4)), 2, i("axis", -1));
            String a = g.op("MatMul", parts[0], g.weight(1, 2, 3));
            String b = g.op("MatMul", parts[1], g.weight(1, 4, 3));
            return g.op("Gather", List.of(g.op("Mul", a, b), g.longs(0, 2)), i("axis", 1));
        });
    }

    @Test
    void ecgTransformerFloat32() {
        long leads = 2;
        long length = 22;
        OnnxModel m = TinyTransformer.ecgModel(TensorProtos.FLOAT, 7, leads, length, 4, 2, 3);
        GradientCheck.verify(m, F32_DEEP, new long[] {leads, length}, GradientCheck.uniform(3, (int) (2 * leads
                * length)));
    }

    @Test
    void recurrentLayersAreRefusedWithAClearMessage() {
        for (String op : List.of("LSTM", "GRU", "RNN")) {
            TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, 3, 4);
            int gates = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
            String y = g.opN(op, List.of(g.input(), g.weight(0.5, 1, 2L * gates, 4), g.weight(0.5, 1, 2L * gates, 2)),
                    1, i("hidden_size", 2))[0];
            OnnxModel model = g.output(g.op("ReduceSum", y)).build(op + ".onnx");
            UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                    () -> BackwardCompiler.gradient().compile(model, new long[] {3, 4}, GradientRequest.of()));
            assertEquals(op, e.opType());
            assertTrue(e.getMessage().contains(op + "_") && e.getMessage().contains("recurrent layers")
                    && e.getMessage().contains("not supported yet"), e.getMessage());
        }
    }
}
