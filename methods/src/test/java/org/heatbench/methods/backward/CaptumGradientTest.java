package org.heatbench.methods.backward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compiled gradient equals Captum's signed saliency on the shared reference models. */
class CaptumGradientTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "opset17", "nopool"})
    void gradientMatchesCaptumSignedSaliency(String variant) {
        OnnxModel model = CaptumReference.model(variant);
        try (CaptumReference ref = CaptumReference.open()) {
            FloatTensor x = ref.tensor("/inputs");
            String g = CaptumReference.group(variant);
            CompiledGradient cg = BackwardCompiler.gradient().compile(model, x.itemShape(), GradientRequest.of());
            try (GraphSession s = GraphSession.create(cg.model(), ExecutionOptions.defaults())) {
                Map<String, FloatTensor> out = s.run(cg.inputName(), x, cg.gradientOutputs());
                FloatTensor y = out.get(cg.outputName());
                FloatTensor expectY = ref.tensor("/" + g + "/outputs");
                assertTrue(CaptumReference.relMaxError(y.data(), expectY.data()) < 1e-5, "outputs differ");
                FloatTensor grad = out.get(cg.inputGradName());
                FloatTensor expect = ref.tensor("/" + g + "/attr/saliency_signed");
                assertEquals(List.of(4L, 8L, 600L), List.of(grad.dim(0), grad.dim(1), grad.dim(2)));
                double err = CaptumReference.relMaxError(grad.data(), expect.data());
                assertTrue(err < 1e-4, variant + ": max rel error " + err);
            }
        }
    }
}
