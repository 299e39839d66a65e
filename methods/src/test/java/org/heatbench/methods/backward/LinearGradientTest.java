package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.f;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks (float64) of Gemm (every transA/transB, alpha, beta, C broadcast or depending on the
 * input), MatMul (2-D, batched, broadcast, 1-D operands, both operands depending on the input) and inference-mode
 * BatchNormalization.
 */
class LinearGradientTest {
    private static final long[] V5 = {5};

    /** The input as operand A, with every transB, alpha, beta and C shape; transA via a transposed input. */
    @ParameterizedTest(name = "transA={0} transB={1} alpha={2} beta={3} C={4}")
    @CsvSource({
        "0, 0, 1.0, 1.0, 3",
        "0, 1, 0.7, 0.3, 1x3",
        "1, 0, 1.5, 2.0, scalar",
        "1, 1, -0.5, 1.0, 1",
        "0, 0, 1.0, 1.0, none",
        "1, 1, 2.0, 0.5, none"})
    void gemmInputAsA(int transA, int transB, double alpha, double beta, String c) {
        verify("gemm A " + transA + transB + alpha + beta + c, F64, V5, g -> {
            String a = transA == 1 ? g.op("Transpose", g.input()) : g.input();
            String w = transB == 1 ? g.weight(1, 3, 5) : g.weight(1, 5, 3);
            List<String> in = new ArrayList<>(List.of(a, w));
            switch (c) {
                case "3" -> in.add(g.weight(1, 3));
                case "1x3" -> in.add(g.weight(1, 1, 3));
                case "scalar" -> in.add(g.scalar(0.4));
                case "1" -> in.add(g.weight(1, 1));
                default -> { }
            }
            return g.op("Gemm", in, i("transA", transA), i("transB", transB), f("alpha", alpha), f("beta", beta));
        });
    }

    /** The input as operand B (output [3, N], transposed back so the batch leads). */
    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"0, 0", "0, 1", "1, 0", "1, 1"})
    void gemmInputAsB(int transA, int transB) {
        verify("gemm B " + transA + transB, F64, V5, g -> {
            String w = transA == 1 ? g.weight(1, 5, 3) : g.weight(1, 3, 5);
            String b = transB == 1 ? g.input() : g.op("Transpose", g.input());
            String y = g.op("Gemm", List.of(w, b, g.weight(1, 3, 1)), i("transA", transA), i("transB", transB),
                    f("alpha", 0.8), f("beta", 1.2));
            return g.op("Transpose", y);
        });
    }

    /** C depending on the input, full-size and broadcast [N, 1]: its gradient is beta·dY, summed where broadcast. */
    @Test
    void gemmWithLiveC() {
        verify("gemm live C", F64, V5, g -> g.op("Gemm", List.of(g.input(), g.weight(1, 5, 3),
                g.op("Slice", g.input(), g.longs(1), g.longs(4), g.longs(1))), f("beta", 0.6)));
        verify("gemm live broadcast C", F64, V5, g -> g.op("Gemm", List.of(g.input(), g.weight(1, 3, 5),
                g.op("ReduceSum", List.of(g.op("Tanh", g.input()), g.longs(1)), i("keepdims", 1))),
                i("transB", 1), f("beta", 1.7)));
    }

    @Test
    void matmul2d() {
        verify("matmul 2d", F64, V5, g -> g.op("MatMul", g.input(), g.weight(1, 5, 3)));
    }

    @Test
    void matmulBatchedAndBroadcast() {
        long[] item = {3, 4};
        verify("matmul batched [N,3,4]x[4,2]", F64, item, g -> g.op("MatMul", g.input(), g.weight(1, 4, 2)));
        verify("matmul left [2,3]x[N,3,4]", F64, item, g -> g.op("MatMul", g.weight(1, 2, 3), g.input()));
        verify("matmul broadcast [N,1,3,4]x[2,4,5]", F64, item,
                g -> g.op("MatMul", g.op("Unsqueeze", g.input(), g.longs(1)), g.weight(1, 2, 4, 5)));
        verify("matmul broadcast [5,2,3]x[N,1,3,4]", F64, item,
                g -> g.op("MatMul", g.weight(1, 5, 2, 3), g.op("Unsqueeze", g.input(), g.longs(1))));
    }

    @Test
    void matmulVectorOperands() {
        verify("matmul [N,5]x[5]", F64, V5, g -> g.op("MatMul", g.input(), g.weight(1, 5)));
        verify("matmul [3]x[N,3,4]", F64, new long[] {3, 4}, g -> g.op("MatMul", g.weight(1, 3), g.input()));
        verify("matmul [N,3,4]x[4]", F64, new long[] {3, 4}, g -> g.op("MatMul", g.input(), g.weight(1, 4)));
    }

    @Test
    void matmulBothOperandsDependOnInput() {
        long[] item = {3, 4};
        verify("matmul x x^T", F64, item,
                g -> g.op("MatMul", g.input(), g.op("Transpose", List.of(g.input()), ints("perm", 0, 2, 1))));
        // broadcast between two live operands: [N,1,3,4] x [N,2,4,3] (B from a reshaped copy of x)
        verify("matmul live broadcast", F64, item, g -> g.op("MatMul", g.op("Unsqueeze", g.input(), g.longs(1)),
                g.op("Concat", List.of(g.op("Unsqueeze", g.op("Transpose", List.of(g.op("Tanh", g.input())),
                        ints("perm", 0, 2, 1)), g.longs(1)), g.op("Unsqueeze", g.op("Transpose", List.of(g.input()),
                        ints("perm", 0, 2, 1)), g.longs(1))), i("axis", 1))));
    }

    @Test
    void batchNormalization() {
        verify("bn 1d", F64, new long[] {3, 8}, g -> bn(g, 3, 1e-5));
        verify("bn 2d eps 0.1", F64, new long[] {3, 4, 5}, g -> bn(g, 3, 0.1));
        verify("bn rank 2", F64, new long[] {6}, g -> bn(g, 6, 1e-3));
    }

    private static String bn(TestGraph g, long c, double eps) {
        return g.op("BatchNormalization", List.of(g.input(), g.weight(2, c), g.weight(1, c), g.weight(1, c),
                g.weightIn(0.2, 2, c)), f("epsilon", eps));
    }
}
