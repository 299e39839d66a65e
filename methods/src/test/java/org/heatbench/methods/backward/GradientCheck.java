package org.heatbench.methods.backward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;

/**
 * Compares the compiled input gradient with central differences of the forward model.
 *
 * <p>The compiled graph differentiates {@code Σ_n y[n, target]}; records do not interact, so the reference
 * perturbs one input element of one record at a time: all {@code 2·B·M} perturbed records (B records of M
 * elements, ±h) go through the forward model as one batch, and {@code fd[n, k] = (y⁺ − y⁻)[target] / (x⁺ − x⁻)}
 * where the denominator is the step actually representable in the graph's input type. The whole Jacobian row
 * (every input element of every record) is compared, with {@code max |grad − fd| ≤ rtol · max |fd|}; step and
 * tolerance depend on the graph's precision and smoothness ({@link Precision}). The compiled graph's own output
 * must also equal the forward model's.
 */
final class GradientCheck {
    /** What a check computed, for further assertions. */
    record Result(double[] y, double[] grad, double[] fd, double maxError, double scale) {
    }

    /**
     * How a case is checked (errors below were measured on this suite; {@code HB_FD_VERBOSE=1} prints them).
     * <ul>
     *   <li>{@link #F64}: float64 graphs. Step 1e-5 leaves truncation error O(h²·f''') ≈ 1e-10 and rounding
     *       error O(ε·|y|/h) ≈ 1e-11; measured ≤ 1.2e-10 of the row's scale, so 1e-7 has a wide margin yet
     *       catches any wrong factor.</li>
     * </ul>
     * ONNX Runtime's CPU provider has no float64 kernels for Conv, ConvTranspose, AveragePool, GlobalAveragePool,
     * GlobalMaxPool, Elu and Softplus; graphs with them run in float32:
     * <ul>
     *   <li>{@link #F32_LINEAR}: the output is affine in the input (convolutions, average pools), so central
     *       differences have no truncation error at any step; the large step 0.25 keeps float32 rounding
     *       (≈ 1e-7·|y| per output, divided by 2h) small: measured ≤ 3e-6, tolerance 2e-5;</li>
     *   <li>{@link #F32_SMOOTH}: smooth nonlinearities in float32; step 1e-2 balances truncation (h²/6·|f'''| ≈
     *       2e-5) against rounding (≈ 6e-8·|y|/h ≈ 1e-5): measured ≤ 7e-5, tolerance 5e-4;</li>
     *   <li>{@link #F32_PIECEWISE}, {@link #F32_NETWORK}: see there.</li>
     * </ul>
     */
    enum Precision {
        F64(TensorProtos.DOUBLE, 1e-5, 1e-7, false),
        F32_LINEAR(TensorProtos.FLOAT, 0.25, 2e-5, false),
        F32_SMOOTH(TensorProtos.FLOAT, 1e-2, 5e-4, false),
        /**
         * Deep smooth float32 graphs (a conv encoder, GroupNorm, GELU, two LayerNorms and softmax attention): the
         * composition has larger third derivatives, so the step is halved (truncation ÷ 4, rounding × 2); measured
         * ≤ 1.7e-4 on the generated ECG transformer, tolerance 2e-3 — a wrong rule is off by O(1).
         */
        F32_DEEP(TensorProtos.FLOAT, 5e-3, 2e-3, false),
        /**
         * Piecewise-linear float32 graphs on {@link #distinct} inputs, whose gaps of 0.05 exceed twice the step: no
         * perturbation crosses a kink or changes a maximum, so only rounding remains (measured: exact).
         */
        F32_PIECEWISE(TensorProtos.FLOAT, 1e-2, 1e-4, false),
        /**
         * A float32 network with ReLU and max pooling of computed values, where kinks cannot be kept away from every
         * perturbation by choosing inputs. Within a linear piece any step is exact; the step 1e-2 trades kinks
         * against rounding: a few float32 ulps of the output (≈ 5e-7 for |y| ≈ 1), divided by the step, against
         * per-element gradients of ≈ |y|/64 for 64 inputs, gave errors up to 4e-4 of the row's scale, so the
         * tolerance is 3e-3 — still far below the O(1) error of a wrong rule. A central difference whose interval
         * straddles a kink is wrong on that element, but a one-sided difference, at this step or at half of it,
         * stays in x's linear piece: each element is compared with the best of these six estimates, and at most
         * 20% of the elements (about 9% here) may be explained by a one-sided difference only.
         */
        F32_NETWORK(TensorProtos.FLOAT, 1e-2, 3e-3, true);

        final int type;
        final double step;
        final double rtol;
        /** Whether kinks are expected: see {@link #F32_NETWORK}. */
        final boolean oneSided;

        Precision(int type, double step, double rtol, boolean oneSided) {
            this.type = type;
            this.step = step;
            this.rtol = rtol;
            this.oneSided = oneSided;
        }
    }

    private GradientCheck() {
    }

    /**
     * Builds {@code body} on a {@link TestGraph} (weights seeded by the name) with output {@code y}, and checks the
     * gradients of the first and last value per record on a batch of 2 uniform inputs.
     */
    static void verify(String name, Precision p, long[] item, Function<TestGraph, String> body) {
        verify(build(name, p, item, body), p, item, uniform(name.hashCode() + 1L, 2 * size(item)));
    }

    /** As {@link #verify(String, Precision, long[], Function)} with given inputs (batch = x.length / item size). */
    static void verify(String name, Precision p, long[] item, double[] x, Function<TestGraph, String> body) {
        verify(build(name, p, item, body), p, item, x);
    }

    /** A single-output test model in the precision's element type, weights seeded by the name. */
    static OnnxModel build(String name, Precision p, long[] item, Function<TestGraph, String> body) {
        return build(name, p, 17, item, body);
    }

    static OnnxModel build(String name, Precision p, long opset, long[] item, Function<TestGraph, String> body) {
        TestGraph g = new TestGraph(p.type, name.hashCode(), item).opset(opset);
        return g.output(body.apply(g)).build(name);
    }

    /** Checks the first and the last value per record of output 0 and that at least one row is non-zero. */
    static void verify(OnnxModel model, Precision p, long[] item, double[] x) {
        int batch = x.length / size(item);
        long perItem = GraphAnalysis.of(model, item).info(model.outputNames().get(0)).staticSize();
        double scale = 0;
        for (long t : perItem == 1 ? new long[] {0} : new long[] {0, perItem - 1}) {
            scale += check(model, item, batch, x, GradientRequest.target((int) t), p).scale();
        }
        assertTrue(scale > 0, model.source() + ": the reference gradients are identically zero; nothing was checked");
    }

    static int size(long[] item) {
        return Math.toIntExact(Arrays.stream(item).reduce(1, (a, b) -> a * b));
    }

    /** Uniform values in [-1, 1]. */
    static double[] uniform(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    /**
     * Distinct values: a random permutation of {@code 0.05·(i − ⌊n/2⌋) + 0.025}, so any two differ by at least 0.05 —
     * no ties, and a step below 0.025 never reorders them (max pooling, ReLU on the raw input: kinks at 0 are
     * 0.025 away).
     */
    static double[] distinct(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.05 * (i - n / 2) + 0.025;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        return x;
    }

    static Result check(OnnxModel model, long[] itemShape, int batch, double[] x, GradientRequest req, Precision p) {
        return check(BackwardCompiler.gradient(), model, itemShape, batch, x, req, p);
    }

    static Result check(BackwardCompiler compiler, OnnxModel model, long[] itemShape, int batch, double[] xIn,
            GradientRequest req, Precision p) {
        int m = size(itemShape);
        assertEquals(batch * m, xIn.length, "test input size");
        boolean dbl = model.runtimeInputs().get(0).getType().getTensorType().getElemType() == TensorProtos.DOUBLE;
        double[] x = dbl ? xIn.clone() : roundToFloat(xIn);
        long[] shape = withBatch(batch, itemShape);

        CompiledGradient cg = compiler.compile(model, itemShape, req);
        double[] y;
        double[] grad;
        try (OrtRunner r = new OrtRunner(cg.model())) {
            Map<String, double[]> out = r.run(x, shape, cg.gradientOutputs());
            y = out.get(cg.outputName());
            grad = out.get(cg.inputGradName());
        }
        assertEquals(x.length, grad.length, "gradient has the input's size");

        // rows 2(j·B·M + i) and 2(j·B·M + i) + 1: element i (record i / M, element i % M) plus and minus step j
        String yName = model.outputNames().get(req.outputIndex());
        double[] steps = p.oneSided ? new double[] {p.step, p.step / 2} : new double[] {p.step};
        int bm = batch * m;
        int rows = 2 * steps.length * bm;
        double[] px = new double[rows * m];
        double[] plus = new double[steps.length * bm];
        double[] minus = new double[steps.length * bm];
        for (int j = 0; j < steps.length; j++) {
            for (int i = 0; i < bm; i++) {
                int row = 2 * (j * bm + i);
                int n = i / m;
                int k = i % m;
                System.arraycopy(x, n * m, px, row * m, m);
                System.arraycopy(x, n * m, px, (row + 1) * m, m);
                plus[j * bm + i] = dbl ? x[i] + steps[j] : (float) (x[i] + steps[j]);
                minus[j * bm + i] = dbl ? x[i] - steps[j] : (float) (x[i] - steps[j]);
                px[row * m + k] = plus[j * bm + i];
                px[(row + 1) * m + k] = minus[j * bm + i];
            }
        }
        double[] yRef;
        double[] yp;
        try (OrtRunner r = new OrtRunner(model)) {
            yRef = r.run(x, shape, List.of(yName)).get(yName);
            yp = r.run(px, withBatch(rows, itemShape), List.of(yName)).get(yName);
        }
        int perItem = yp.length / rows;
        int t = req.target();
        assertEquals(yRef.length, y.length, "compiled output size");
        double yScale = Arrays.stream(yRef).map(Math::abs).max().orElse(0);
        for (int i = 0; i < y.length; i++) {
            assertEquals(yRef[i], y[i], (dbl ? 1e-12 : 1e-5) * Math.max(1, yScale), "compiled graph changed the output");
        }
        // est[j][0..2]: central, forward and backward differences at step j
        double[][][] est = new double[bm][steps.length][3];
        double[] fd = new double[bm];
        for (int i = 0; i < bm; i++) {
            double y0 = yRef[(i / m) * perItem + t];
            for (int j = 0; j < steps.length; j++) {
                int q = j * bm + i;
                double yPlus = yp[2 * q * perItem + t];
                double yMinus = yp[(2 * q + 1) * perItem + t];
                est[i][j][0] = (yPlus - yMinus) / (plus[q] - minus[q]);
                est[i][j][1] = (yPlus - y0) / (plus[q] - x[i]);
                est[i][j][2] = (y0 - yMinus) / (x[i] - minus[q]);
            }
            fd[i] = est[i][0][0];
        }
        double scale = Arrays.stream(fd).map(Math::abs).max().orElse(0);
        double tol = p.rtol * scale;
        double err = 0;
        int worst = 0;
        int kinked = 0;
        for (int i = 0; i < bm; i++) {
            double e = Math.abs(grad[i] - fd[i]);
            if (p.oneSided) {
                // a kink close to the end of the step spoils the central difference only slightly: always take the
                // best estimate, and count the elements that only a one-sided difference explains
                double central = e;
                for (double[] atStep : est[i]) {
                    central = Math.min(central, Math.abs(grad[i] - atStep[0]));
                    e = Math.min(e, Math.min(Math.abs(grad[i] - atStep[1]), Math.abs(grad[i] - atStep[2])));
                }
                e = Math.min(e, central);
                if (!(central <= tol)) {
                    kinked++;
                }
            }
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
        }
        String label = model.source() + " output " + yName + " target " + t;
        if (System.getenv("HB_FD_VERBOSE") != null) {
            System.out.printf("FD %-60s err/scale %.3g scale %.3g kinked %d/%d%n", label, err / scale, scale,
                    kinked, fd.length);
        }
        if (!(err <= tol)) {
            fail(String.format("%s: max |grad - fd| = %.3g > %.1g * max|fd| = %.3g at record %d element %d: grad %.9g,"
                    + " fd %.9g (one-sided %.9g / %.9g: they differ when a perturbation crosses a kink)%n grad %s%n fd   %s",
                    label, err, p.rtol, tol, worst / m, worst % m, grad[worst], fd[worst], est[worst][0][1],
                    est[worst][0][2],
                    Arrays.toString(Arrays.copyOf(grad, Math.min(grad.length, 24))),
                    Arrays.toString(Arrays.copyOf(fd, Math.min(fd.length, 24)))));
        }
        assertTrue(kinked <= 0.2 * fd.length, label + ": " + kinked + " of " + fd.length
                + " elements have kinks within both steps; the step is too large for this case");
        return new Result(y, grad, fd, err, scale);
    }

    static long[] withBatch(long batch, long[] itemShape) {
        long[] s = new long[itemShape.length + 1];
        s[0] = batch;
        System.arraycopy(itemShape, 0, s, 1, itemShape.length);
        return s;
    }

    static double[] roundToFloat(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (float) x[i];
        }
        return r;
    }
}
