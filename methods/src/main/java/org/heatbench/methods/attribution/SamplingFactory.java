package org.heatbench.methods.attribution;

import java.util.function.BiFunction;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.BackwardBase;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodFactory;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;

/**
 * The factory of a sampling method (SmoothGrad, integrated gradients, GradientSHAP): its {@code base} parameter
 * names the backward pass evaluated at every sample ({@link MethodRegistry#GRADIENT} by default, left out of the
 * canonical form at that default), and its cost is the number of samples times the base's cost.
 */
final class SamplingFactory implements MethodFactory {
    /** The name of the base parameter. */
    static final String BASE = "base";

    private final MethodDescriptor descriptor;
    private final String countParameter;
    private final boolean integrates;
    private final BiFunction<MethodSpec, BackwardBase, AttributionMethod> create;

    /**
     * @param countParameter the parameter holding the number of backward passes per record
     * @param integrates whether the method integrates or multiplies by inputs (then a relevance base is refused)
     * @param create builds the method from its canonical spec and base ({@code null} = plain gradient)
     */
    SamplingFactory(MethodDescriptor descriptor, String countParameter, boolean integrates,
            BiFunction<MethodSpec, BackwardBase, AttributionMethod> create) {
        this.descriptor = descriptor;
        this.countParameter = countParameter;
        this.integrates = integrates;
        this.create = create;
    }

    static String base(MethodSpec spec) {
        return spec.get(BASE, MethodRegistry.GRADIENT);
    }

    @Override
    public MethodDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public AttributionMethod create(MethodSpec spec) {
        if (!base(spec).equals(MethodRegistry.GRADIENT)) {
            throw new ConfigurationException("method '" + spec + "': a base other than the gradient needs the "
                    + "method registry (MethodRegistry.create)");
        }
        return create.apply(spec, null);
    }

    @Override
    public AttributionMethod create(MethodSpec spec, MethodRegistry registry) {
        return create.apply(spec, registry.backwardBase(base(spec)));
    }

    @Override
    public void validate(MethodSpec spec, MethodRegistry registry) {
        BackwardBase b = registry.backwardBase(base(spec));
        if (b != null && integrates && b.kind() == BackwardBase.Kind.RELEVANCE) {
            throw new ConfigurationException("method '" + descriptor.name() + "': base '" + base(spec).replace(';', ',')
                    + "' is a relevance, not a gradient: integrating it along a path or multiplying it by the input "
                    + "is meaningless (smoothgrad averages relevances: smoothgrad:base=...)");
        }
    }

    @Override
    public double cost(MethodSpec spec, MethodRegistry registry) {
        return spec.getInt(countParameter) * registry.baseCost(base(spec));
    }
}
