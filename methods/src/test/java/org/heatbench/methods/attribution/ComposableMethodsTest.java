package org.heatbench.methods.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sampling methods over another method's backward pass ({@code base=}): degenerate cases equal the base method,
 * integrated gradients over guided backprop equals an independent recomputation from the guided-backprop method, the
 * canonical form carries the base (and only when it is not the gradient), and meaningless combinations are refused.
 */
class ComposableMethodsTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();
    private static final OnnxModel MODEL = CaptumReference.model("nopool");
    private static final AttributionTarget TARGET = AttributionTarget.of(8, 600);

    private static FloatTensor inputs() {
        try (CaptumReference ref = CaptumReference.open()) {
            return ref.tensor("/inputs");
        }
    }

    private static float[] run(String method, FloatTensor x) {
        try (Attributor a = METHODS.create(method).compile(MODEL, TARGET, ExecutionOptions.defaults())) {
            return a.attribute(x).values().data();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"guided_backprop", "deconvolution", "lrp_epsilon_0_01", "lrpsign_z"})
    void smoothGradWithoutNoiseEqualsItsBase(String base) {
        FloatTensor x = inputs();
        float[] expected = run(base, x);
        float[] got = run("smoothgrad:samples=1,stdev=0,abs=false,base=" + base, x);
        assertTrue(CaptumReference.relMaxError(got, expected) < 1e-6, base + ": "
                + CaptumReference.relMaxError(got, expected));
    }

    @Test
    void integratedGradientsOverGuidedBackpropEqualsARecomputation() {
        FloatTensor x = inputs().slice(0, 2);
        int n = 5;
        float[] got = run("integrated_gradients:steps=" + n + ",rule=riemann_left,baseline=0,base=guided_backprop", x);
        // independent: guided backprop of the path points α_k·x, k = 0..n−1, α_k = k/n, weights 1/n, times x
        int item = x.itemSize();
        double[] expected = new double[x.data().length];
        for (int k = 0; k < n; k++) {
            float[] scaled = new float[x.data().length];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = (float) k / n * x.data()[i];
            }
            float[] gb = run("guided_backprop", FloatTensor.of(scaled, x.shape()));
            for (int i = 0; i < gb.length; i++) {
                expected[i] += gb[i] / (double) n * x.data()[i];
            }
        }
        float[] e = new float[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) expected[i];
        }
        assertTrue(CaptumReference.relMaxError(got, e) < 1e-5, "rel. error " + CaptumReference.relMaxError(got, e));
        // and it differs from plain integrated gradients: the base is really used
        float[] plain = run("integrated_gradients:steps=" + n + ",rule=riemann_left,baseline=0", x);
        assertTrue(CaptumReference.relMaxError(plain, e) > 1e-3);
        assertEquals(2 * item, got.length);
    }

    @Test
    void gradientShapTakesAGradientBase() {
        FloatTensor x = inputs().slice(0, 1);
        // one draw at α with no noise: GradientSHAP = base pass at α·x times x; its mean over seeds is not needed here,
        // only that the base changes the result and the result is finite
        float[] gb = run("gradient_shap:samples=3,stdev=0,base=guided_backprop", x);
        float[] plain = run("gradient_shap:samples=3,stdev=0", x);
        assertTrue(CaptumReference.relMaxError(gb, plain) > 1e-3);
        for (float v : gb) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void canonicalFormsCarryTheBaseOnlyWhenItIsNotTheGradient() {
        assertEquals("smoothgrad:samples=25,stdev=0.02,stdev_mode=relative,abs=true",
                METHODS.resolve("smoothgrad").toString());
        assertEquals("smoothgrad:samples=25,stdev=0.02,stdev_mode=relative,abs=true",
                METHODS.resolve("smoothgrad:base=gradient").toString());
        assertEquals("integrated_gradients:steps=50,rule=gausslegendre,baseline=0,multiply_by_inputs=true,"
                + "base=guided_backprop", METHODS.resolve("ig:base=guidedbackprop").toString());
        MethodSpec lrp = METHODS.resolve("smoothgrad:base=lrp_epsilon_0_01,samples=3");
        assertEquals("smoothgrad:samples=3,stdev=0.02,stdev_mode=relative,abs=true,"
                + "base=lrp:epsilon=0.01;input_rule=none;mu=0;fold_bn=false;attention=attnlrp", lrp.toString());
        assertEquals(lrp, METHODS.resolve(lrp.toString()));
        assertEquals(lrp, METHODS.resolve("smoothgrad:samples=3,base=lrp:epsilon=0.01"));
    }

    @Test
    void costIsSamplesTimesTheBaseCost() {
        assertEquals(75, METHODS.cost(MethodSpec.parse("smoothgrad")));
        assertEquals(40, METHODS.cost(MethodSpec.parse("smoothgrad:samples=10,base=lrp_z")));
        assertEquals(150, METHODS.cost(MethodSpec.parse("integrated_gradients")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoothgrad:base=random", "smoothgrad:base=gradcam", "smoothgrad:base=smoothgrad",
        "gradient_shap:base=integrated_gradients", "smoothgrad:base=deeplift", "smoothgrad:base=input_x_gradient"})
    void meaninglessBasesAreRefusedNamingTheBases(String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> METHODS.resolve(text));
        assertTrue(e.getMessage().contains("no single backward pass") && e.getMessage().contains("bases: gradient, ")
                && e.getMessage().contains("guided_backprop"), e.getMessage());
    }

    @Test
    void relevanceIsNotIntegrated() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> METHODS.resolve("integrated_gradients:base=lrp_epsilon_0_01"));
        assertTrue(e.getMessage().contains("is a relevance, not a gradient"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> METHODS.resolve("gradient_shap:base=lrp_z"));
        assertThrows(ConfigurationException.class, () -> METHODS.resolve("smoothgrad:base=nosuch"));
    }
}
