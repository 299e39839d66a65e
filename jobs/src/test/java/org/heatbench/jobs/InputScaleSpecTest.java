package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.core.ConfigurationException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecWriter;
import org.junit.jupiter.api.Test;

/** The target entry's {@code input_scale} and {@code truth: false} (models in mV, outputs without truth). */
class InputScaleSpecTest {
    private static final String SPEC = "run_id: r\ndataset: {path: data/x}\nmethods: [saliency]\ntargets:\n"
            + "  hr: {model: m.onnx, output_index: 0, target_index: 1, input_scale: 0.001, truth: false}\n"
            + "  qt: m2.onnx\n";

    @Test
    void inputScaleAndTruthAreReadAndWrittenBack() {
        ExperimentSpec s = SpecValidationTest.READER.parse(SPEC);
        ExperimentSpec.TargetModel hr = s.targets().get(0);
        assertEquals(0.001, hr.inputScale());
        assertTrue(hr.withoutTruth());
        assertEquals(1, hr.targetIndex());
        ExperimentSpec.TargetModel qt = s.targets().get(1);
        assertEquals(1.0, qt.inputScale());
        assertFalse(qt.withoutTruth());
        String written = SpecWriter.toJson(s);
        assertEquals(s.targets(), SpecValidationTest.READER.parse(written).targets());
    }

    @Test
    void badValuesNameTheField() {
        String zero = SPEC.replace("input_scale: 0.001", "input_scale: 0");
        assertTrue(assertThrows(ConfigurationException.class, () -> SpecValidationTest.READER.parse(zero))
                .getMessage().contains("targets.hr.input_scale"));
        String truth = SPEC.replace("truth: false", "truth: maybe");
        assertTrue(assertThrows(ConfigurationException.class, () -> SpecValidationTest.READER.parse(truth))
                .getMessage().contains("targets.hr.truth"));
    }
}
