package org.heatbench.methods.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;
import org.junit.jupiter.api.Test;

/** The prepended input transform: f'(x) must equal f((x·scale − mean) / sd) computed outside the graph. */
class InputTransformTest {
    private static final Path MODEL = Path.of("..", "examples", "reference_cnn.onnx");

    private static float[] run(OnnxModel m, float[] x) {
        try (GraphSession s = GraphSession.create(m, ExecutionOptions.defaults())) {
            String out = m.outputNames().get(0);
            return s.run(m.inputName(), FloatTensor.of(x, 2, 8, 600), List.of(out)).get(out).data();
        }
    }

    @Test
    void scaleMeanAndSdAreAppliedInsideTheGraph() {
        OnnxModel m = OnnxModel.load(MODEL);
        float[] x = new float[2 * 8 * 600];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 300);
        }
        double[] mean = {1, -2, 3, 0, 0.5, 0, 0, 1};
        double[] sd = {2, 1, 1, 0.5, 1, 3, 1, 1};
        InputTransform t = new InputTransform(0.001, mean, sd);
        float[] manual = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int lead = (i / 600) % 8;
            manual[i] = (float) ((x[i] * 0.001 - mean[lead]) / sd[lead]);
        }
        OnnxModel transformed = t.applyTo(m);
        assertEquals(m.inputName(), transformed.inputName());
        float[] expected = run(m, manual);
        float[] got = run(transformed, x);
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-4 * (1 + Math.abs(expected[i])));
        }
        assertSame(m, InputTransform.IDENTITY.applyTo(m));
        assertThrows(ConfigurationException.class, () -> new InputTransform(0.001, new double[3], null).applyTo(m));
        assertThrows(ConfigurationException.class, () -> InputTransform.scale(Double.NaN));
    }
}
