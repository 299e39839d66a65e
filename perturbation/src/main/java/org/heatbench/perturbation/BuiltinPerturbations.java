package org.heatbench.perturbation;

import java.util.List;
import java.util.function.Function;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;

/**
 * The built-in perturbation functions and region schemes (see {@link PerturbationFunction} and {@link RegionScheme}
 * for their definitions).
 */
final class BuiltinPerturbations {
    private BuiltinPerturbations() {
    }

    static void registerAll(PerturbationRegistries r) {
        ParameterDescriptor noiseK = ParameterDescriptor.ofDouble("k", 0.2, 0.0,
                "noise σ as a fraction of the clean record's (max − min)");
        r.functions().register(function(Descriptor.of("noise", List.of("add_noise", "additive_noise"), "noise",
                "x += N(0, σ²), σ = k·(max − min) of the clean record (the reference study: k = 0.2)",
                "Storås et al., JAMIA 2025", List.of(noiseK)), s -> new AdditiveNoise(s.getDouble("k"))));
        r.functions().register(function(Descriptor.of("zero", List.of(), "replacement", "replace by 0 µV",
                "Samek et al., IEEE TNNLS 2017", List.of()), s -> Replacement.ZERO));
        r.functions().register(function(Descriptor.of("constant", List.of(), "replacement", "replace by a constant (µV)",
                "Samek et al., IEEE TNNLS 2017",
                List.of(ParameterDescriptor.ofDouble("c", 0, null, "the value in µV").required())),
                s -> Replacement.constant(s.getDouble("c"))));
        r.functions().register(function(Descriptor.of("lead_mean", List.of("mean"), "replacement",
                "replace by the clean lead's mean", "Hooker et al., NeurIPS 2019 (mean replacement)", List.of()),
                s -> Replacement.LEAD_MEAN));
        r.functions().register(function(Descriptor.of("interpolate", List.of("linear", "linear_interpolation"),
                "imputation", "straight line between the nearest unremoved neighbours in time",
                "Rong et al., ICML 2022 (ROAD without noise)", List.of()), s -> new LinearImputation(0, false)));
        r.functions().register(function(Descriptor.of("road", List.of("noisy_linear"), "imputation",
                "linear imputation along time plus fixed per-point noise N(0, (k·(max − min))²) (1-D ROAD)",
                "Rong et al., ICML 2022", List.of(ParameterDescriptor.ofDouble("k", 0.01, 0.0,
                        "noise σ as a fraction of the clean record's (max − min)"))),
                s -> new LinearImputation(s.getDouble("k"), true)));

        r.regions().register(regions(Descriptor.of("point", List.of("points"), "regions",
                "every (lead, sample) point, ranked jointly over all leads (the reference study)",
                "Storås et al., JAMIA 2025", List.of()), s -> RegionScheme.points()));
        ParameterDescriptor width = ParameterDescriptor.ofInt("w", 10, 1, "window width in samples").required();
        r.regions().register(regions(Descriptor.of("lead_window", List.of(), "regions",
                "windows of w samples on one lead", "Samek et al., IEEE TNNLS 2017 (region perturbation)",
                List.of(width)), s -> RegionScheme.leadWindows(s.getInt("w"))));
        r.regions().register(regions(Descriptor.of("window", List.of(), "regions",
                "windows of w samples across all leads", "Samek et al., IEEE TNNLS 2017 (region perturbation)",
                List.of(width)), s -> RegionScheme.windows(s.getInt("w"))));
    }

    private static PerturbationFunctionFactory function(Descriptor d, Function<Spec, PerturbationFunction> create) {
        return new PerturbationFunctionFactory() {
            @Override
            public Descriptor descriptor() {
                return d;
            }

            @Override
            public PerturbationFunction create(Spec spec) {
                return create.apply(spec);
            }
        };
    }

    private static RegionSchemeFactory regions(Descriptor d, Function<Spec, RegionScheme> create) {
        return new RegionSchemeFactory() {
            @Override
            public Descriptor descriptor() {
                return d;
            }

            @Override
            public RegionScheme create(Spec spec) {
                return create.apply(spec);
            }
        };
    }
}
