package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.heatbench.datasets.truth.SyntheticLabel;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/classification.yaml} against the shipped classifier: every target is a classification target
 * whose {@code output_index} is the position of its {@code label} in the model's {@code heatbench.labels}, reads the
 * {@code logit} output with a sigmoid, and names the label's own evidence mask.
 */
class ClassificationExampleTest {
    @Test
    void exampleTargetsMatchTheShippedClassifiersOutputs() {
        Path spec = Path.of("..", "examples", "classification.yaml");
        Path model = Path.of("..", "models", "classifier.onnx");
        Assumptions.assumeTrue(Files.exists(spec) && Files.exists(model), "example or shipped classifier absent");
        ExperimentSpec s = SpecReader.create(MethodRegistry.standard()).read(spec);
        OnnxModel m = OnnxModel.load(model);
        assertEquals(List.of("logit"), m.outputNames());
        List<String> labels = m.proto().getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals("heatbench.labels")).map(p -> Arrays.asList(p.getValue().split(",")))
                .findFirst().orElseThrow();
        assertFalse(s.targets().isEmpty());
        for (ExperimentSpec.TargetModel t : s.targets()) {
            assertTrue(t.isClassification(), t.target());
            assertEquals("models/classifier.onnx", t.model());
            ExperimentSpec.Classifier c = t.classifier();
            // a classification target's output_index is the class position in the output row (TargetModel.targetIndex)
            assertEquals(c.label(), labels.get(t.targetIndex()), t.target() + ": output_index names another label");
            assertEquals("sigmoid", c.activation());
            assertEquals("logit", c.outputName());
            assertEquals(SyntheticLabel.byLabel(c.label()).orElseThrow().evidence().key(), c.evidence(),
                    t.target() + ": evidence is the label's own mask");
        }
    }
}
