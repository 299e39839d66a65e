package org.heatbench.methods.attribution;

import java.util.List;
import java.util.Optional;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.BackwardBase;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * Methods computed from one forward+backward pass: saliency (Simonyan et al., ICLR workshop 2014) and
 * input × gradient (Shrikumar et al., 2016). Also the base of modified-backward methods, which differ only in the
 * {@link BackwardCompiler}'s rules.
 */
public class SinglePassMethod implements AttributionMethod {
    /** What to return from the backward result g at input x. */
    public enum Output {
        /** g */
        GRADIENT,
        /** |g| */
        ABS_GRADIENT,
        /** x ⊙ g */
        INPUT_TIMES_GRADIENT
    }

    private final MethodSpec spec;
    private final BackwardCompiler compiler;
    private final Output output;
    private final boolean base;

    public SinglePassMethod(MethodSpec spec, BackwardCompiler compiler, Output output) {
        this(spec, compiler, output, false);
    }

    private SinglePassMethod(MethodSpec spec, BackwardCompiler compiler, Output output, boolean base) {
        this.spec = spec;
        this.compiler = compiler;
        this.output = output;
        this.base = base;
    }

    /**
     * A modified-gradient method (guided backprop, deconvolution): the backward result itself, offered to sampling
     * methods as their {@code base}.
     */
    public static SinglePassMethod modifiedGradient(MethodSpec spec, BackwardCompiler compiler) {
        return new SinglePassMethod(spec, compiler, Output.GRADIENT, true);
    }

    @Override
    public Optional<BackwardBase> backwardBase() {
        if (!base) {
            return Optional.empty();
        }
        return Optional.of(new BackwardBase() {
            @Override
            public Kind kind() {
                return Kind.GRADIENT;
            }

            @Override
            public CompiledGradient compile(OnnxModel model, AttributionTarget target) {
                return compiler.compile(model, target.itemShape(),
                        new GradientRequest(target.outputIndex(), target.target(), List.of()));
            }
        });
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        GradientEngine engine = new GradientEngine(model, target, options, compiler);
        return new CompiledAttributor(spec, engine) {
            @Override
            protected Attribution compute(FloatTensor x, long[] seeds) {
                int n = x.batchSize();
                float[] g = new float[x.data().length];
                float[] y = new float[n];
                engine.run(x.data(), n, g, y);
                float[] xs = x.data();
                switch (output) {
                    case ABS_GRADIENT -> {
                        for (int i = 0; i < g.length; i++) {
                            g[i] = Math.abs(g[i]);
                        }
                    }
                    case INPUT_TIMES_GRADIENT -> {
                        for (int i = 0; i < g.length; i++) {
                            g[i] *= xs[i];
                        }
                    }
                    default -> {
                    }
                }
                return new Attribution(new FloatTensor(g, x.shape()), y, null);
            }
        };
    }
}
