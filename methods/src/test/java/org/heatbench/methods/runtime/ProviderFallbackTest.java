package org.heatbench.methods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.fixtures.CaptumReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProviderFallbackTest {

    /**
     * The test build uses the CPU-only ONNX Runtime jar, so CUDA cannot be added: the session must still run, on the
     * CPU, and say so (a WARN log line, and {@code provider()} reporting "cpu" for the output's provenance).
     */
    @Test
    void cudaRequestedOnCpuOnlyBuildFallsBackVisibly() {
        Assumptions.assumeFalse(System.getenv("HEATBENCH_TEST_CUDA") != null, "a CUDA build is under test");
        ExecutionOptions cuda = ExecutionOptions.defaults().withProvider(Provider.CUDA);
        try (Attributor a = MethodRegistry.standard().create("saliency").compile(CaptumReference.model("nopool"),
                AttributionTarget.of(8, 600), cuda)) {
            assertEquals("cpu", a.provider());
            assertEquals(2, a.attribute(FloatTensor.zeros(2, 8, 600)).values().batchSize());
        }
    }

    @Test
    void providerNamesParse() {
        assertEquals(Provider.CUDA, Provider.parse(" CUDA "));
        assertEquals(Provider.CPU, Provider.parse("cpu"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Provider.parse("tpu"));
        assertTrue(e.getMessage().contains("cpu or cuda"));
    }
}
