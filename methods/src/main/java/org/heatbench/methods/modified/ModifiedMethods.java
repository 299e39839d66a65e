package org.heatbench.methods.modified;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodFactory;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.methods.attribution.SinglePassMethod;
import org.heatbench.methods.backward.BackwardCompiler;

/** Registers the modified-backward family: guided backprop, deconvolution, DeepLIFT, Grad-CAM, guided Grad-CAM, LRP. */
public final class ModifiedMethods {
    /** signxai-style LRP names: lrp_z, lrp_epsilon_0_01, lrpsign_z, lrpsign_epsilon_0_1 (digits joined by '_'). */
    static final Pattern SIGNXAI_LRP = Pattern.compile("lrp(sign)?_(z|epsilon_([0-9]+(?:_[0-9]+)?(?:e-?[0-9]+)?))");

    private ModifiedMethods() {
    }

    /** Adds the modified-backward methods and the LRP name rewriter to a registry. */
    public static void registerAll(MethodRegistry r) {
        r.register(MethodFactory.of(new MethodDescriptor("guided_backprop", "modified backward",
                "gradient with ReLU backward relu(g)·1[x > 0] (Captum GuidedBackprop)",
                "Springenberg et al., ICLR workshop 2015", List.of()),
                s -> SinglePassMethod.modifiedGradient(s, new BackwardCompiler(ModifiedRules.guidedBackprop()))));
        r.register(MethodFactory.of(new MethodDescriptor("deconvolution", "modified backward",
                "gradient with ReLU backward relu(g) (Captum Deconvolution)", "Zeiler & Fergus, ECCV 2014", List.of()),
                s -> SinglePassMethod.modifiedGradient(s, new BackwardCompiler(ModifiedRules.deconvolution()))));
        r.register(MethodFactory.of(new MethodDescriptor("deeplift", "modified backward",
                "DeepLIFT Rescale rule against a baseline, Captum semantics (ε = 1e-10)",
                "Shrikumar, Greenside, Kundaje, ICML 2017",
                List.of(ParameterDescriptor.ofDouble("baseline", 0, null, "constant baseline value (µV); the API also takes a baseline tensor"),
                        ParameterDescriptor.ofBoolean("multiply_by_inputs", true,
                                "multiply by (x − baseline); false returns the multipliers"))),
                s -> new DeepLift(s, null)));
        List<ParameterDescriptor> camParams = List.of(
                ParameterDescriptor.ofString("layer", "", "ONNX tensor name of the layer; empty = output of the last Conv"),
                ParameterDescriptor.ofChoice("interpolation", "nearest", List.of("nearest", "linear"),
                        "upsampling to the input length (linear: align_corners=False)"));
        r.register(MethodFactory.of(new MethodDescriptor("gradcam", "modified backward",
                "class activation map of a conv layer weighted by mean gradients, upsampled and repeated over leads "
                        + "(Captum LayerGradCam + interpolate)", "Selvaraju et al., ICCV 2017",
                concat(camParams, ParameterDescriptor.ofBoolean("relu", false, "apply ReLU to the map (Captum relu_attributions)"))),
                s -> new GradCam(s, false)));
        r.register(MethodFactory.of(new MethodDescriptor("guided_gradcam", "modified backward",
                "guided backprop ⊙ upsampled ReLU(Grad-CAM), from one compiled graph (Captum GuidedGradCam)",
                "Selvaraju et al., ICCV 2017", camParams, 4), s -> new GradCam(s, true)));
        r.register(MethodFactory.of(new MethodDescriptor("lrp", "relevance",
                "layer-wise relevance propagation: ε-rule (ε = 0: z-rule) on linear layers, ReLU pass-through, "
                        + "optional SIGN / SIGN-μ input rule; transformers: LayerNorm with detached σ, uniform rule for products, "
                        + "AttnLRP or CP-LRP softmax", "Bach et al. 2015; Gumpfer et al. 2023 (SIGN); Achtibat et al. 2024 "
                        + "(AttnLRP); Ali et al. 2022 (CP-LRP)",
                List.of(ParameterDescriptor.ofDouble("epsilon", 1e-9, 0.0, "stabiliser ε (0 = z-rule)"),
                        ParameterDescriptor.ofChoice("input_rule", "none", List.of("none", "sign"),
                                "rule of the layers reading the input: none (x) or sign (sign_μ(x))"),
                        ParameterDescriptor.ofDouble("mu", 0, null, "SIGN-μ threshold: +1 where x ≥ μ, −1 elsewhere"),
                        ParameterDescriptor.ofBoolean("fold_bn", false, "fold BatchNormalization into the preceding Conv first"),
                        ParameterDescriptor.ofChoice("attention", "attnlrp", List.of("attnlrp", "cp"),
                                "Softmax: AttnLRP's rule x·(R − s·ΣR), or attention weights as constants (CP-LRP)")),
                4), Lrp::new));
        r.alias("guidedbackprop", "guided_backprop").alias("guidedgradcam", "guided_gradcam")
                .alias("layer_gradcam", "gradcam");
        r.rewriter(ModifiedMethods::signxaiName);
    }

    /** lrp_epsilon_0_01 → lrp:epsilon=0.01; lrpsign_z → lrp:epsilon=0,input_rule=sign; other names → null. */
    static MethodSpec signxaiName(MethodSpec s) {
        Matcher m = SIGNXAI_LRP.matcher(s.name());
        if (!m.matches()) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>(s.params());
        p.putIfAbsent("epsilon", m.group(2).equals("z") ? "0" : m.group(3).replaceFirst("_", ".").replace("_", ""));
        if (m.group(1) != null) {
            p.putIfAbsent("input_rule", "sign");
        }
        return new MethodSpec("lrp", p);
    }

    private static List<ParameterDescriptor> concat(List<ParameterDescriptor> a, ParameterDescriptor b) {
        List<ParameterDescriptor> l = new java.util.ArrayList<>(a);
        l.add(b);
        return l;
    }
}
