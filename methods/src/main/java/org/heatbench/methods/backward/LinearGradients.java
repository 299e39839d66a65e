package org.heatbench.methods.backward;

import java.util.Arrays;
import java.util.List;
import org.heatbench.methods.onnx.GraphBuilder;

/** Gradients of Gemm (all transA/transB/alpha/beta) and MatMul (NumPy semantics, broadcasting, 1-D operands). */
final class LinearGradients {
    private LinearGradients() {
    }

    static RuleSet register(RuleSet s) {
        return s.with("Gemm", LinearGradients::gemm).with("MatMul", LinearGradients::matmul);
    }

    private static void gemm(BackwardContext c) {
        GraphBuilder b = c.builder();
        long transA = GraphBuilder.intAttr(c.node(), "transA", 0);
        long transB = GraphBuilder.intAttr(c.node(), "transB", 0);
        float alpha = GraphBuilder.floatAttr(c.node(), "alpha", 1f);
        float beta = GraphBuilder.floatAttr(c.node(), "beta", 1f);
        String dy = c.outputGrad(0);
        String a = c.input(0);
        String bb = c.input(1);
        if (c.needsGrad(0)) {
            String da = transA == 0
                    ? b.op("Gemm", "grad_gemm_a", List.of(dy, bb), GraphBuilder.attr("alpha", alpha),
                            GraphBuilder.attr("transB", transB == 0 ? 1L : 0L))
                    : b.op("Gemm", "grad_gemm_a", List.of(bb, dy), GraphBuilder.attr("alpha", alpha),
                            GraphBuilder.attr("transA", transB), GraphBuilder.attr("transB", 1L));
            c.addInputGrad(0, da);
        }
        if (c.needsGrad(1)) {
            String db = transB == 0
                    ? b.op("Gemm", "grad_gemm_b", List.of(a, dy), GraphBuilder.attr("alpha", alpha),
                            GraphBuilder.attr("transA", transA == 0 ? 1L : 0L))
                    : b.op("Gemm", "grad_gemm_b", List.of(dy, a), GraphBuilder.attr("alpha", alpha),
                            GraphBuilder.attr("transA", 1L), GraphBuilder.attr("transB", transA));
            c.addInputGrad(1, db);
        }
        if (c.node().getInputCount() > 2 && c.needsGrad(2)) {
            String g = beta == 1f ? dy : b.op("Mul", "grad_gemm_c", dy, b.scalar(beta));
            c.addInputGrad(2, ElementwiseGradients.unbroadcast(c, g, c.outputInfo(0), c.inputInfo(2)));
        }
    }

    private static void matmul(BackwardContext c) {
        GraphBuilder b = c.builder();
        TensorInfo ai = c.inputInfo(0);
        TensorInfo bi = c.inputInfo(1);
        TensorInfo yi = c.outputInfo(0);
        String dy = c.outputGrad(0);
        String a = c.input(0);
        String bb = c.input(1);
        // promote 1-D operands to matrices as NumPy does, so one code path handles every case
        if (ai.rank() == 1) {
            dy = b.op("Unsqueeze", "mm_dy", dy, b.longs(-2));
        }
        if (bi.rank() == 1) {
            dy = b.op("Unsqueeze", "mm_dy", dy, b.longs(-1));
        }
        String a2 = ai.rank() == 1 ? b.op("Unsqueeze", "mm_a", a, b.longs(0)) : a;
        String b2 = bi.rank() == 1 ? b.op("Unsqueeze", "mm_b", bb, b.longs(1)) : bb;
        int ra = Math.max(ai.rank(), 2);
        int rb = Math.max(bi.rank(), 2);
        int ry = Math.max(Math.max(ra, rb), 2);
        long[] yDims = promotedOutDims(yi, ai.rank() == 1, bi.rank() == 1);
        boolean[] yBatch = promotedOutBatch(yi, ai.rank() == 1, bi.rank() == 1);
        if (c.needsGrad(0)) {
            String da = b.op("MatMul", "grad_matmul_a", dy, transposeLast(b, b2, rb));
            TensorInfo full = withLastTwo(yDims, yBatch, ry, ai.rank() == 1 ? new long[] {1, ai.dim(0)} : lastTwo(ai));
            TensorInfo target = ai.rank() == 1 ? new TensorInfo("", ai.onnxType(), new long[] {1, ai.dim(0)},
                    new boolean[2], null) : ai;
            String g = ElementwiseGradients.unbroadcast(c, da, full, target);
            c.addInputGrad(0, ai.rank() == 1 ? b.op("Reshape", "grad_matmul_a1", g, b.longs(-1)) : g);
        }
        if (c.needsGrad(1)) {
            String db = b.op("MatMul", "grad_matmul_b", transposeLast(b, a2, ra), dy);
            TensorInfo full = withLastTwo(yDims, yBatch, ry, bi.rank() == 1 ? new long[] {bi.dim(0), 1} : lastTwo(bi));
            TensorInfo target = bi.rank() == 1 ? new TensorInfo("", bi.onnxType(), new long[] {bi.dim(0), 1},
                    new boolean[2], null) : bi;
            String g = ElementwiseGradients.unbroadcast(c, db, full, target);
            c.addInputGrad(1, bi.rank() == 1 ? b.op("Reshape", "grad_matmul_b1", g, b.longs(-1)) : g);
        }
    }

    private static long[] lastTwo(TensorInfo t) {
        return new long[] {t.dim(-2), t.dim(-1)};
    }

    /** Output dims as if 1-D operands had been promoted (the squeezed axes restored). */
    private static long[] promotedOutDims(TensorInfo y, boolean aVec, boolean bVec) {
        long[] d = y.dims();
        if (aVec) {
            d = insert(d, d.length - (bVec ? 0 : 1), 1);
        }
        if (bVec) {
            d = insert(d, d.length, 1);
        }
        return d;
    }

    private static boolean[] promotedOutBatch(TensorInfo y, boolean aVec, boolean bVec) {
        boolean[] d = y.batchDims();
        int extra = (aVec ? 1 : 0) + (bVec ? 1 : 0);
        return Arrays.copyOf(d, d.length + extra);
    }

    private static long[] insert(long[] d, int at, long v) {
        long[] r = new long[d.length + 1];
        System.arraycopy(d, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(d, at, r, at + 1, d.length - at);
        return r;
    }

    private static TensorInfo withLastTwo(long[] yDims, boolean[] yBatch, int ry, long[] last) {
        long[] d = yDims.clone();
        boolean[] bt = yBatch.clone();
        d[ry - 2] = last[0];
        d[ry - 1] = last[1];
        bt[ry - 2] = false;
        bt[ry - 1] = false;
        return new TensorInfo("", 1, d, bt, null);
    }

    private static String transposeLast(GraphBuilder b, String t, int rank) {
        long[] perm = new long[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return b.op("Transpose", "mm_t", List.of(t), GraphBuilder.attrInts("perm", perm));
    }
}
