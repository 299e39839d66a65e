package org.heatbench.methods.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient-family methods agree with Captum 0.8.0's stored attributions (first 4 ECGs of
 * ../shared/reference/captum/reference.h5) within 1e-4 of max|ref|, or within a small multiple of Captum's own
 * float32 noise where the method is tie-sensitive.
 */
class CaptumAgreementTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();
    private static CaptumReference ref;
    private static FloatTensor inputs;

    @BeforeAll
    static void open() {
        ref = CaptumReference.open();
        inputs = ref.tensor("/inputs");
    }

    @AfterAll
    static void close() {
        ref.close();
    }

    private static Attribution run(String variant, String method) {
        OnnxModel model = CaptumReference.model(variant);
        try (Attributor a = METHODS.create(method).compile(model, AttributionTarget.of(8, 600),
                ExecutionOptions.defaults())) {
            return a.attribute(inputs);
        }
    }

    private static void assertClose(String variant, String refName, float[] actual, double tolerance) {
        FloatTensor expect = ref.tensor("/" + CaptumReference.group(variant) + "/attr/" + refName);
        double err = CaptumReference.relMaxError(actual, expect.data());
        assertTrue(err < tolerance, variant + "/" + refName + ": max|a − ref|/max|ref| = " + err + " ≥ " + tolerance);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "main, saliency, saliency_abs", "main, saliency:abs=false, saliency_signed", "main, input_x_gradient, input_x_gradient",
        "opset17, saliency, saliency_abs", "opset17, saliency:abs=false, saliency_signed", "opset17, inputxgradient, input_x_gradient",
        "nopool, saliency, saliency_abs", "nopool, saliency:abs=false, saliency_signed", "nopool, input_x_gradient, input_x_gradient",
        "nopool, 'integrated_gradients:steps=50,rule=gausslegendre', ig_gausslegendre",
        "nopool, 'integrated_gradients:steps=50,rule=riemann_trapezoid', ig_riemann_trapezoid",
    })
    void agreesWithCaptum(String variant, String method, String refName) {
        assertClose(variant, refName, run(variant, method).values().data(), 1e-4);
    }

    /**
     * On {@code main} the alpha = 0 node of the trapezoid rule evaluates the gradient at the all-zero input, where
     * every MaxPool window ties; PyTorch and ONNX Runtime both pick the first index but their float32 arithmetic
     * differs elsewhere. Captum's own float32-vs-float64 gap for this attribution is the floor; allow 3× it.
     */
    @Test
    void integratedGradientsTrapezoidOnMaxPoolModelWithinCaptumNoise() {
        double noise = ref.fp32Noise("main", "ig_riemann_trapezoid");
        Attribution a = run("main", "integrated_gradients:rule=riemann_trapezoid");
        assertClose("main", "ig_riemann_trapezoid", a.values().data(), Math.max(1e-4, 3 * noise));
    }

    /**
     * On {@code main} Gauss–Legendre's first node (α ≈ 5.7e-4) evaluates gradients at a nearly constant input, where
     * MaxPool windows nearly tie; Captum's own float32-vs-float64 gap is 7.3e-4 there, above the 1e-4 target.
     */
    @ParameterizedTest
    @ValueSource(strings = {"main", "opset17"})
    void integratedGradientsOnMaxPoolModelWithinCaptumNoise(String variant) {
        double noise = ref.fp32Noise("main", "ig_gausslegendre");
        Attribution a = run(variant, "integrated_gradients");
        assertClose(variant, "ig_gausslegendre", a.values().data(), Math.max(1e-4, noise));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gausslegendre", "riemann_trapezoid"})
    void quadratureEqualsCaptums(String rule) {
        Quadrature q = Quadrature.of(rule, 50);
        // Captum stores float32 trapezoid nodes, float64 Gauss-Legendre nodes
        assertArrayEquals(ref.doubles("/main/ig_quadrature/" + rule + "/alphas"), q.alphas(), 1e-7);
        assertArrayEquals(ref.doubles("/main/ig_quadrature/" + rule + "/step_sizes"), q.weights(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "nopool"})
    void integratedGradientsConvergenceDeltaMatchesCaptum(String variant) {
        Attribution a = run(variant, "integrated_gradients");
        double[] expected = ref.doubles("/" + CaptumReference.group(variant) + "/attr/ig_gausslegendre_delta");
        FloatTensor y = ref.tensor("/" + CaptumReference.group(variant) + "/outputs");
        for (int i = 0; i < expected.length; i++) {
            // deltas are differences of nearly equal float32 sums: compare on the scale of the output
            double scale = Math.abs(y.data()[i]) + 1e-6;
            assertTrue(Math.abs(a.convergenceDelta()[i] - expected[i]) < 1e-4 * scale + 1e-6,
                    "record " + i + ": delta " + a.convergenceDelta()[i] + " vs Captum " + expected[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "opset17", "nopool"})
    void smoothGradReplayedFromCaptumsNoisyInputs(String variant) {
        OnnxModel model = CaptumReference.model(variant);
        FloatTensor noisy = ref.tensor("/" + CaptumReference.group(variant) + "/attr/smoothgrad_noisy_inputs");
        try (SmoothGrad.SmoothGradAttributor a = ((SmoothGrad) METHODS.create("smoothgrad:samples=10"))
                .compile(model, AttributionTarget.of(8, 600), ExecutionOptions.defaults())) {
            assertClose(variant, "smoothgrad", a.attributeNoisy(noisy, 10).values().data(), 1e-4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "opset17", "nopool"})
    void gradientShapReplayedFromCaptumsDraws(String variant) {
        OnnxModel model = CaptumReference.model(variant);
        String g = "/" + CaptumReference.group(variant) + "/attr/";
        double[] idx = ref.doubles(g + "gradient_shap_baseline_idx");
        double[] alpha = ref.doubles(g + "gradient_shap_alpha");
        int[] bi = new int[idx.length];
        float[] al = new float[alpha.length];
        for (int i = 0; i < bi.length; i++) {
            bi[i] = (int) idx[i];
            al[i] = (float) alpha[i];
        }
        GradientShap method = ((GradientShap) METHODS.create("gradient_shap:samples=10,stdev=0"))
                .withBaselines(ref.tensor("/gs_baselines"));
        try (GradientShap.GradientShapAttributor a = method.compile(model, AttributionTarget.of(8, 600),
                ExecutionOptions.defaults())) {
            assertClose(variant, "gradient_shap", a.attributeWithDraws(inputs, bi, al, null).values().data(), 1e-4);
        }
    }
}
