package org.heatbench.methods.attribution;

import java.util.List;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodFactory;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.methods.backward.BackwardCompiler;

/** Registers the gradient family: saliency, input × gradient, integrated gradients, SmoothGrad, GradientSHAP, random. */
public final class GradientMethods {
    private GradientMethods() {
    }

    private static final ParameterDescriptor BASE = ParameterDescriptor.ofSpec(SamplingFactory.BASE, MethodRegistry.GRADIENT,
            "backward pass at each sample: gradient, or a method with one (guided_backprop, deconvolution, lrp_...); "
                    + "write its own parameters with ';': lrp:epsilon=0.01;input_rule=sign").omitWhenDefault();

    /** Adds the gradient-family methods (and the reference study's names as aliases) to a registry. */
    public static void registerAll(MethodRegistry r) {
        r.register(MethodFactory.of(new MethodDescriptor("saliency", "gradient",
                "gradient of the target output w.r.t. the input; |gradient| by default (Captum Saliency)",
                "Simonyan, Vedaldi, Zisserman 2014, arXiv:1312.6034",
                List.of(ParameterDescriptor.ofBoolean("abs", true, "return |gradient| (Captum's default) or the signed gradient"))),
                s -> new SinglePassMethod(s, BackwardCompiler.gradient(),
                        s.getBoolean("abs") ? SinglePassMethod.Output.ABS_GRADIENT : SinglePassMethod.Output.GRADIENT)));
        r.register(MethodFactory.of(new MethodDescriptor("input_x_gradient", "gradient", "input ⊙ gradient (Captum InputXGradient)",
                "Shrikumar et al. 2016, arXiv:1605.01713", List.of()),
                s -> new SinglePassMethod(s, BackwardCompiler.gradient(), SinglePassMethod.Output.INPUT_TIMES_GRADIENT)));
        r.register(new SamplingFactory(new MethodDescriptor("integrated_gradients", "gradient",
                "path integral of gradients from a baseline (Captum IntegratedGradients)",
                "Sundararajan, Taly, Yan, ICML 2017",
                List.of(ParameterDescriptor.ofInt("steps", 50, 1, "integration steps"),
                        ParameterDescriptor.ofChoice("rule", "gausslegendre", Quadrature.RULES, "integration rule"),
                        ParameterDescriptor.ofDouble("baseline", 0, null, "constant baseline value (µV); the API also takes a baseline tensor"),
                        ParameterDescriptor.ofBoolean("multiply_by_inputs", true,
                                "multiply by (x − baseline); false returns the weighted mean path gradient"), BASE)),
                "steps", true, (s, b) -> new IntegratedGradients(s, null, b)));
        r.register(new SamplingFactory(new MethodDescriptor("smoothgrad", "gradient",
                "mean saliency over noisy copies of the input (Captum NoiseTunnel(Saliency), smoothgrad)",
                "Smilkov et al. 2017, arXiv:1706.03825",
                List.of(ParameterDescriptor.ofInt("samples", 25, 1, "noisy copies per record"),
                        ParameterDescriptor.ofDouble("stdev", 0.02, 0.0, "noise standard deviation"),
                        ParameterDescriptor.ofChoice("stdev_mode", "relative", List.of("relative", "absolute"),
                                "relative: σ = stdev·(max − min) of the record (the reference study); absolute: σ = stdev"),
                        ParameterDescriptor.ofBoolean("abs", true, "average |gradient| (Saliency's default) or the signed gradient"),
                        BASE)),
                "samples", false, SmoothGrad::new));
        r.register(new SamplingFactory(new MethodDescriptor("gradient_shap", "gradient",
                "expected gradients between random baselines and noisy inputs (Captum GradientShap)",
                "Lundberg & Lee, NeurIPS 2017",
                List.of(ParameterDescriptor.ofInt("samples", 50, 1, "draws per record"),
                        ParameterDescriptor.ofDouble("stdev", 0.02, 0.0, "input noise standard deviation"),
                        ParameterDescriptor.ofChoice("stdev_mode", "relative", List.of("relative", "absolute"),
                                "relative: σ = stdev·(max − min) of the record; absolute: σ = stdev"),
                        ParameterDescriptor.ofDouble("baseline", 0, null, "constant baseline value (µV); the API also takes a baseline set"),
                        ParameterDescriptor.ofBoolean("multiply_by_inputs", true, "multiply by (x̃ − baseline)"), BASE)),
                "samples", true, (s, b) -> new GradientShap(s, null, b)));
        r.register(MethodFactory.of(new MethodDescriptor("random", "control", "i.i.d. N(0, 1) per input value: the floor to beat",
                "control", List.of(), 0), RandomAttribution::new));
        r.alias("inputxgradient", "input_x_gradient")
                .alias("gradientshap", "gradient_shap")
                .alias("ig", "integrated_gradients");
    }
}
