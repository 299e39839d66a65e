package org.heatbench.jobs.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.ConfigurationException;

/**
 * Named lists of attribution methods a spec may use instead of listing them.
 *
 * <p>{@code study}: the ten methods of the reference study as it configured them (Storås et al., JAMIA 2025; see
 * {@code ../shared/docs/reference-study.md}), in the order of its 3×3 web page, then the random control: signed
 * saliency, SmoothGrad (25 samples, σ = 0.02·(max − min), mean |gradient|), deconvolution, input × gradient,
 * DeepLIFT and integrated gradients without input multiplication, guided backprop, guided Grad-CAM on the last
 * convolution with linear upsampling, GradientSHAP (50 samples) without input multiplication, random.
 * {@code study_lrp}: the same plus LRP-ε (ε = 0.01), which the study computed but did not compare.
 */
public final class MethodPresets {
    private static final List<String> STUDY = List.of(
            "saliency:abs=false",
            "smoothgrad:samples=25,stdev=0.02,stdev_mode=relative,abs=true",
            "deconvolution",
            "input_x_gradient",
            "deeplift:multiply_by_inputs=false",
            "guided_backprop",
            "integrated_gradients:steps=50,rule=gausslegendre,multiply_by_inputs=false",
            "guided_gradcam:interpolation=linear",
            "gradient_shap:samples=50,stdev=0.02,stdev_mode=relative,multiply_by_inputs=false",
            "random");

    private static final Map<String, List<String>> PRESETS = Map.of(
            "study", STUDY,
            "study_lrp", concat(STUDY, List.of("lrp:epsilon=0.01")));

    private MethodPresets() {
    }

    /** @return the preset names */
    public static List<String> names() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    /**
     * @return the method texts of a preset
     * @throws ConfigurationException naming {@code field} for an unknown preset
     */
    public static List<String> get(String name, String field) {
        List<String> m = PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new ConfigurationException(field + ": unknown method preset '" + name + "' (presets: "
                    + String.join(", ", names()) + ")");
        }
        return m;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
