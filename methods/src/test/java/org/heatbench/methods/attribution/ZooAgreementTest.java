package org.heatbench.methods.attribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.fixtures.ZooReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The field's ECG architectures ({@code ../shared/reference/zoo}: XResNet1d, Inception1d and the ECG-FM-like
 * transformer with GroupNorm, GELU via Erf, LayerNorm and multi-head attention) are explained like Captum 0.8.0 does:
 * max|a − Captum float64| / max|Captum float64| ≤ max(1e-3, 3 × Captum's own float32-vs-float64 gap), the zoo
 * README's criterion, for saliency (signed), input × gradient and integrated gradients (32 Gauss–Legendre nodes),
 * target 1. SmoothGrad and GradientSHAP, which Captum draws randomly, must run and give finite attributions.
 * Skipped, with the reason printed, when the shared folder is absent.
 */
class ZooAgreementTest {
    private static final Logger LOG = LoggerFactory.getLogger(ZooAgreementTest.class);
    private static final MethodRegistry METHODS = MethodRegistry.standard();
    private static ZooReference zoo;

    @BeforeAll
    static void open() {
        zoo = ZooReference.find().orElse(null);
        if (zoo == null) {
            System.err.println("ZooAgreementTest skipped: ../shared/reference/zoo/zoo_reference.h5 not found "
                    + "(set HEATBENCH_ZOO to the folder)");
        }
    }

    @AfterAll
    static void close() {
        if (zoo != null) {
            zoo.close();
        }
    }

    static Attribution attribute(String family, String method) {
        Assumptions.assumeTrue(zoo != null, "../shared/reference/zoo absent");
        OnnxModel model = zoo.model(family);
        FloatTensor x = zoo.inputs(family);
        long[] item = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
        try (Attributor a = METHODS.create(method).compile(model, AttributionTarget.of(item).withTarget(1),
                ExecutionOptions.defaults())) {
            return a.attribute(x);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "xresnet1d, saliency:abs=false, saliency",
        "xresnet1d, input_x_gradient, input_x_gradient",
        "xresnet1d, 'integrated_gradients:steps=32,rule=gausslegendre', integrated_gradients",
        "inception1d, saliency:abs=false, saliency",
        "inception1d, input_x_gradient, input_x_gradient",
        "inception1d, 'integrated_gradients:steps=32,rule=gausslegendre', integrated_gradients",
        "transformer, saliency:abs=false, saliency",
        "transformer, input_x_gradient, input_x_gradient",
        "transformer, 'integrated_gradients:steps=32,rule=gausslegendre', integrated_gradients",
    })
    void agreesWithCaptumFloat64(String family, String method, String refName) {
        Attribution a = attribute(family, method);
        FloatTensor ref = zoo.reference64(family, refName);
        double err = CaptumReference.relMaxError(a.values().data(), ref.data());
        double floor = zoo.captumFloor(family, refName);
        double tol = Math.max(1e-3, 3 * floor);
        LOG.info("zoo {} {}: max|a − ref64|/max|ref64| = {} (Captum fp32 floor {}, tolerance {})", family, method,
                err, floor, tol);
        System.err.printf("ZOO %s %s rel err %.3g floor %.3g tol %.3g%n", family, refName, err, floor, tol);
        assertTrue(err <= tol, family + "/" + refName + ": max|a − ref|/max|ref| = " + err + " > " + tol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoothgrad:samples=4", "gradient_shap:samples=4"})
    void samplingMethodsRunOnTheTransformer(String method) {
        Attribution a = attribute("transformer", method);
        float[] v = a.values().data();
        double max = 0;
        for (float f : v) {
            assertTrue(Float.isFinite(f), method + " gave a non-finite attribution");
            max = Math.max(max, Math.abs(f));
        }
        assertTrue(max > 0, method + " gave all-zero attributions");
    }
}
