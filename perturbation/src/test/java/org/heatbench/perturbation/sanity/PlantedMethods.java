package org.heatbench.perturbation.sanity;

import java.util.List;
import java.util.function.UnaryOperator;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodFactory;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/** Methods that ignore the model, registered for the planted-case tests only. */
final class PlantedMethods {
    private PlantedMethods() {
    }

    /** The standard registry plus {@code edge_detector} (|x[t+1] − x[t]| per lead) and {@code constant} (zeros). */
    static MethodRegistry registry() {
        MethodRegistry r = MethodRegistry.standard();
        r.register(input("edge_detector", x -> {
            float[] out = new float[x.data().length];
            int samples = (int) x.dim(2);
            float[] d = x.data();
            for (int row = 0; row < d.length / samples; row++) {
                for (int t = 0; t + 1 < samples; t++) {
                    out[row * samples + t] = Math.abs(d[row * samples + t + 1] - d[row * samples + t]);
                }
            }
            return FloatTensor.of(out, x.shape());
        }));
        r.register(input("constant", x -> FloatTensor.zeros(x.shape())));
        return r;
    }

    private static MethodFactory input(String name, UnaryOperator<FloatTensor> f) {
        MethodDescriptor d = new MethodDescriptor(name, "test", "ignores the model", "none", List.of());
        return MethodFactory.of(d, spec -> new AttributionMethod() {
            @Override
            public MethodSpec spec() {
                return spec;
            }

            @Override
            public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
                return new Attributor() {
                    @Override
                    public MethodSpec spec() {
                        return spec;
                    }

                    @Override
                    public Attribution attribute(FloatTensor inputs, long[] recordSeeds) {
                        return new Attribution(f.apply(inputs), null, null);
                    }

                    @Override
                    public String provider() {
                        return "none";
                    }

                    @Override
                    public void close() {
                        // nothing
                    }
                };
            }
        });
    }
}
