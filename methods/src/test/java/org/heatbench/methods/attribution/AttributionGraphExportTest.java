package org.heatbench.methods.attribution;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.backward.TinyTransformer;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported attribution graphs, written to disk and run in a fresh ONNX Runtime session (no HeatBench code on
 * the way), equal what the attribute path computes: on a generated ECG transformer and on the reference CNN, for
 * every exportable method; SmoothGrad with the same noise fed to both.
 */
class AttributionGraphExportTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();
    private static final long LEADS = 2;
    private static final long LENGTH = 30;

    @TempDir
    Path dir;

    private static FloatTensor uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.of(x, shape);
    }

    private float[] runExported(OnnxModel model, String method, AttributionTarget target, FloatTensor x,
            FloatTensor noise) throws OrtException {
        MethodSpec spec = METHODS.resolve(method);
        Path file = dir.resolve(spec.name() + ".onnx");
        AttributionGraphExport.export(spec, model, target).write(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(model.inputName(), OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.shape()));
            if (noise != null) {
                in.put(AttributionGraphExport.NOISE, OnnxTensor.createTensor(env, FloatBuffer.wrap(noise.data()),
                        noise.shape()));
            }
            try (OrtSession.Result r = s.run(in)) {
                float[] out = new float[x.data().length];
                ((OnnxTensor) r.get(AttributionGraphExport.OUTPUT).orElseThrow()).getFloatBuffer().get(out);
                return out;
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static float[] attribute(OnnxModel model, String method, AttributionTarget target, FloatTensor x) {
        try (Attributor a = METHODS.create(method).compile(model, target, ExecutionOptions.defaults())) {
            return a.attribute(x).values().data();
        }
    }

    private static void assertClose(String what, float[] expect, float[] actual) {
        double err = CaptumReference.relMaxError(actual, expect);
        assertTrue(err < 1e-5, what + ": max|export − attribute|/max|attribute| = " + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saliency", "saliency:abs=false", "input_x_gradient",
        "integrated_gradients:steps=16", "integrated_gradients:steps=8,rule=riemann_trapezoid,multiply_by_inputs=false",
        "lrp", "lrp:epsilon=0.01,attention=cp", "deeplift", "deeplift:baseline=0.1,multiply_by_inputs=false"})
    void transformerExportEqualsAttribute(String method) throws OrtException {
        OnnxModel m = TinyTransformer.ecgModel(TensorProtos.FLOAT, 21, LEADS, LENGTH, 4, 2, 3);
        AttributionTarget target = AttributionTarget.of(LEADS, LENGTH).withTarget(1);
        FloatTensor x = uniform(22, 3, LEADS, LENGTH);
        assertClose(method, attribute(m, method, target, x), runExported(m, method, target, x, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"saliency", "input_x_gradient", "integrated_gradients:steps=8", "guided_backprop",
        "deconvolution", "lrp_epsilon_0_01", "deeplift"})
    void cnnExportEqualsAttribute(String method) throws OrtException {
        OnnxModel m = CaptumReference.model("main");
        AttributionTarget target = AttributionTarget.of(8, 600);
        FloatTensor x = uniform(23, 2, 8, 600);
        assertClose(method, attribute(m, method, target, x), runExported(m, method, target, x, null));
    }

    @Test
    void smoothGradWithTheSameNoise() throws OrtException {
        OnnxModel m = TinyTransformer.ecgModel(TensorProtos.FLOAT, 24, LEADS, LENGTH, 4, 2, 3);
        AttributionTarget target = AttributionTarget.of(LEADS, LENGTH);
        int n = 2;
        int samples = 5;
        int item = (int) (LEADS * LENGTH);
        FloatTensor x = uniform(25, n, LEADS, LENGTH);
        FloatTensor noise = uniform(26, samples, n, LEADS, LENGTH);
        float[] noisy = new float[samples * n * item];
        for (int r = 0; r < n; r++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < item; j++) {
                min = Math.min(min, x.data()[r * item + j]);
                max = Math.max(max, x.data()[r * item + j]);
            }
            float sigma = (float) (0.02 * ((double) max - min));
            for (int k = 0; k < samples; k++) {
                for (int j = 0; j < item; j++) {
                    // attributeNoisy takes record-major rows, the export sample-major noise
                    noisy[(r * samples + k) * item + j] = x.data()[r * item + j]
                            + sigma * noise.data()[(k * n + r) * item + j];
                }
            }
        }
        float[] expect;
        try (SmoothGrad.SmoothGradAttributor a = ((SmoothGrad) METHODS.create("smoothgrad:samples=5"))
                .compile(m, target, ExecutionOptions.defaults())) {
            expect = a.attributeNoisy(FloatTensor.of(noisy, (long) samples * n, LEADS, LENGTH), samples).values().data();
        }
        assertClose("smoothgrad", expect, runExported(m, "smoothgrad:samples=5", target, x, noise));
    }

    /** GradientSHAP with the same draws: baselines from a set of two, α, noise (σ relative to each record). */
    @Test
    void gradientShapWithTheSameDraws() throws OrtException {
        OnnxModel m = TinyTransformer.ecgModel(TensorProtos.FLOAT, 27, LEADS, LENGTH, 4, 2, 3);
        AttributionTarget target = AttributionTarget.of(LEADS, LENGTH);
        int n = 2;
        int samples = 4;
        int item = (int) (LEADS * LENGTH);
        FloatTensor x = uniform(28, n, LEADS, LENGTH);
        FloatTensor set = uniform(29, 2, LEADS, LENGTH);
        FloatTensor noise = uniform(30, samples, n, LEADS, LENGTH);
        SplittableRandom r = new SplittableRandom(31);
        int[] idx = new int[n * samples];
        float[] alpha = new float[n * samples];
        float[] javaNoise = new float[n * samples * item];
        float[] baselines = new float[samples * n * item];
        float[] alphaSN = new float[samples * n];
        for (int rec = 0; rec < n; rec++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < item; j++) {
                min = Math.min(min, x.data()[rec * item + j]);
                max = Math.max(max, x.data()[rec * item + j]);
            }
            float sigma = (float) (0.02 * ((double) max - min));
            for (int k = 0; k < samples; k++) {
                int row = rec * samples + k;
                idx[row] = r.nextInt(2);
                alpha[row] = (float) r.nextDouble();
                alphaSN[k * n + rec] = alpha[row];
                for (int j = 0; j < item; j++) {
                    javaNoise[row * item + j] = sigma * noise.data()[(k * n + rec) * item + j];
                    baselines[(k * n + rec) * item + j] = set.data()[idx[row] * item + j];
                }
            }
        }
        float[] expect;
        GradientShap method = ((GradientShap) METHODS.create("gradient_shap:samples=4")).withBaselines(set);
        try (GradientShap.GradientShapAttributor a = method.compile(m, target, ExecutionOptions.defaults())) {
            expect = a.attributeWithDraws(x, idx, alpha, javaNoise).values().data();
        }
        MethodSpec spec = METHODS.resolve("gradient_shap:samples=4");
        Path file = dir.resolve("gradient_shap.onnx");
        AttributionGraphExport.export(spec, m, target).write(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] got = new float[x.data().length];
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.shape());
                OnnxTensor tn = OnnxTensor.createTensor(env, FloatBuffer.wrap(noise.data()), noise.shape());
                OnnxTensor tb = OnnxTensor.createTensor(env, FloatBuffer.wrap(baselines), noise.shape());
                OnnxTensor ta = OnnxTensor.createTensor(env, FloatBuffer.wrap(alphaSN), new long[] {samples, n});
                OrtSession.Result res = s.run(Map.of(m.inputName(), tx, AttributionGraphExport.NOISE, tn,
                        AttributionGraphExport.BASELINES, tb, AttributionGraphExport.ALPHA, ta))) {
            ((OnnxTensor) res.get(AttributionGraphExport.OUTPUT).orElseThrow()).getFloatBuffer().get(got);
        }
        assertClose("gradient_shap", expect, got);
    }

    @Test
    void methodsWithoutExportAreRefused() {
        OnnxModel m = CaptumReference.model("main");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AttributionGraphExport.export(
                METHODS.resolve("gradcam"), m, AttributionTarget.of(8, 600)));
        assertTrue(e.getMessage().contains("gradcam") && e.getMessage().contains("saliency"), e.getMessage());
    }
}
