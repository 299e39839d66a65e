package org.heatbench.methods.modified;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.backward.GraphAnalysis;
import org.heatbench.methods.backward.TinyTransformer;
import org.heatbench.methods.fixtures.ZooReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Attention rollout and gradient-weighted attention relevance: the attention layers and the conv encoder's receptive
 * field are found in a generated ECG transformer; both methods equal a direct recomputation from the definitions
 * (attention maps and their gradients fetched separately, products written out, tokens spread over their fields);
 * models without softmax attention are refused by name; both run on the zoo transformer.
 */
class AttentionExplanationTest {
    private static final MethodRegistry METHODS = MethodRegistry.standard();
    private static final long LEADS = 2;
    private static final long LENGTH = 30;

    private static OnnxModel model() {
        return TinyTransformer.ecgModel(TensorProtos.FLOAT, 11, LEADS, LENGTH, 4, 2, 3);
    }

    private static FloatTensor inputs(int n) {
        SplittableRandom r = new SplittableRandom(12);
        float[] x = new float[(int) (n * LEADS * LENGTH)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.of(x, n, LEADS, LENGTH);
    }

    @Test
    void findsTheAttentionAndTheEncodersReceptiveField() {
        AttentionLayers a = AttentionLayers.find(GraphAnalysis.of(model(), new long[] {LEADS, LENGTH}));
        assertEquals(1, a.softmaxOutputs().size());
        assertEquals(TinyTransformer.tokens(LENGTH), a.tokens());
        assertEquals(2, a.heads());
        // Conv k4 s2 then Conv k2 s2: J = 4, RF = 1 + 3·1 + 1·2 = 6
        assertEquals(4, a.jump());
        assertEquals(6, a.field());
        assertEquals(0, a.start());
    }

    @Test
    void modelWithoutAttentionIsRefused() {
        OnnxModel cnn = RelevanceConservationTest.biasFreeNetwork(1, true);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> METHODS.create("attention_rollout")
                .compile(cnn, AttributionTarget.of(3, 16), ExecutionOptions.defaults()));
        assertTrue(e.getMessage().contains("no softmax attention") && e.getMessage().contains("bias-free-resnet"),
                e.getMessage());
    }

    @Test
    void rolloutAndRelevanceEqualTheirDefinitions() {
        OnnxModel m = model();
        long[] item = {LEADS, LENGTH};
        int n = 3;
        FloatTensor x = inputs(n);
        AttentionLayers layers = AttentionLayers.find(GraphAnalysis.of(m, item));
        String softmax = layers.softmaxOutputs().get(0);
        int target = 2;
        CompiledGradient cg = BackwardCompiler.gradient().compile(m, item,
                GradientRequest.target(target).withLayers(List.of(softmax)));
        CompiledGradient.LayerOutputs lo = cg.layerOutputs().get(softmax);
        Map<String, FloatTensor> out;
        try (GraphSession s = GraphSession.create(cg.model(), ExecutionOptions.defaults())) {
            out = s.run(cg.inputName(), x, List.of(lo.activation(), lo.gradient()));
        }
        float[] att = out.get(lo.activation()).data();
        float[] grad = out.get(lo.gradient()).data();
        int t = layers.tokens();
        int h = layers.heads();
        float[] rollout = attribute(m, "attention_rollout", x, 0);
        float[] relevance = attribute(m, "attention_relevance", x, target);
        for (int r = 0; r < n; r++) {
            double[] roll = new double[t];
            double[] rel = new double[t];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    double mean = 0;
                    double pos = 0;
                    for (int k = 0; k < h; k++) {
                        int idx = ((r * h + k) * t + i) * t + j;
                        mean += att[idx] / h;
                        pos += Math.max(0, att[idx] * grad[idx]) / h;
                    }
                    // one layer: rollout = ½A + ½I (rows already sum to 1); relevance = I + Ā
                    roll[j] += (0.5 * mean + (i == j ? 0.5 : 0)) / t;
                    rel[j] += (pos + (i == j ? 1 : 0)) / t;
                }
            }
            for (int s = 0; s < LENGTH; s++) {
                double eRoll = 0;
                double eRel = 0;
                for (int k = 0; k < t; k++) {
                    if (s >= 4 * k && s < 4 * k + 6) {
                        eRoll += roll[k] / 6;
                        eRel += rel[k] / 6;
                    }
                }
                for (int l = 0; l < LEADS; l++) {
                    int idx = (int) ((r * LEADS + l) * LENGTH + s);
                    assertEquals(eRoll, rollout[idx], 1e-6, "rollout record " + r + " sample " + s);
                    assertEquals(eRel, relevance[idx], 1e-6, "relevance record " + r + " sample " + s);
                }
            }
        }
    }

    private static float[] attribute(OnnxModel m, String method, FloatTensor x, int target) {
        try (Attributor a = METHODS.create(method).compile(m, AttributionTarget.of(LEADS, LENGTH).withTarget(target),
                ExecutionOptions.defaults())) {
            return a.attribute(x).values().data();
        }
    }

    @Test
    void runOnTheZooTransformer() {
        ZooReference zoo = ZooReference.find().orElse(null);
        Assumptions.assumeTrue(zoo != null, "../shared/reference/zoo absent");
        try (zoo) {
            FloatTensor x = zoo.inputs("transformer");
            for (String method : List.of("attention_rollout", "attention_relevance")) {
                try (Attributor a = METHODS.create(method).compile(zoo.model("transformer"),
                        AttributionTarget.of(12, 2500).withTarget(1), ExecutionOptions.defaults())) {
                    Attribution at = a.attribute(x);
                    double max = 0;
                    for (float v : at.values().data()) {
                        assertTrue(Float.isFinite(v) && v >= 0, method + ": " + v);
                        max = Math.max(max, v);
                    }
                    assertTrue(max > 0, method);
                }
            }
        }
    }
}
