package org.heatbench.methods.modified;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.fixtures.CaptumReference;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModifiedMethodsTest {
    private final MethodRegistry registry = MethodRegistry.standard();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lrp_epsilon_0_01|lrp:epsilon=0.01,input_rule=none,mu=0,fold_bn=false,attention=attnlrp",
        "lrp:epsilon=0.01|lrp:epsilon=0.01,input_rule=none,mu=0,fold_bn=false,attention=attnlrp",
        "lrp_epsilon_0_1|lrp:epsilon=0.1,input_rule=none,mu=0,fold_bn=false,attention=attnlrp",
        "lrp_epsilon_1|lrp:epsilon=1,input_rule=none,mu=0,fold_bn=false,attention=attnlrp",
        "lrp_z|lrp:epsilon=0,input_rule=none,mu=0,fold_bn=false,attention=attnlrp",
        "lrpsign_z|lrp:epsilon=0,input_rule=sign,mu=0,fold_bn=false,attention=attnlrp",
        "lrpsign_epsilon_0_1|lrp:epsilon=0.1,input_rule=sign,mu=0,fold_bn=false,attention=attnlrp",
        "lrpsign_z:mu=0.5|lrp:epsilon=0,input_rule=sign,mu=0.5,fold_bn=false,attention=attnlrp",
        "lrp|lrp:epsilon=0.000000001,input_rule=none,mu=0,fold_bn=false,attention=attnlrp",
        "guidedgradcam|guided_gradcam:layer=,interpolation=nearest",
    })
    void signxaiAndKeyValueNamesParseToTheSameCanonicalMethod(String text, String canonical) {
        assertEquals(canonical, registry.resolve(text).toString());
        assertEquals(registry.resolve(text), registry.resolve(registry.resolve(text).toString()));
    }

    @Test
    void missingLayerListsCandidates() {
        OnnxModel model = CaptumReference.model("main");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> registry.create("gradcam:layer=/nope")
                .compile(model, AttributionTarget.of(8, 600), ExecutionOptions.defaults()));
        assertTrue(e.getMessage().contains("'/nope'") && e.getMessage().contains("/block3/conv2/Conv_output_0"),
                e.getMessage());
    }

    @Test
    void nonConvLayerIsRejectedWithCandidates() {
        OnnxModel model = CaptumReference.model("main");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> registry.create("gradcam:layer=/Flatten_output_0").compile(model, AttributionTarget.of(8, 600),
                        ExecutionOptions.defaults()));
        assertTrue(e.getMessage().contains("convolutional activation") && e.getMessage().contains("Conv_output_0"),
                e.getMessage());
    }
}
