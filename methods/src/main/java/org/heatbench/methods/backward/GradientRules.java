package org.heatbench.methods.backward;

/** Registers the chain-rule backward of every supported operator. */
final class GradientRules {
    private GradientRules() {
    }

    static RuleSet register(RuleSet set) {
        RuleSet s = set;
        s = ActivationGradients.register(s);
        s = ElementwiseGradients.register(s);
        s = ConvGradient.register(s);
        s = NormalizationGradients.register(s);
        s = PoolGradients.register(s);
        s = LinearGradients.register(s);
        s = ShapeGradients.register(s);
        s = ReduceGradients.register(s);
        s = LayerNormGradients.register(s);
        s = PointwiseGradients.register(s);
        s = TensorOpGradients.register(s);
        s = s.with(BackwardRule.NON_DIFFERENTIABLE, "Shape", "Size", "Constant", "ConstantOfShape", "Range",
                "NonZero", "ArgMax", "ArgMin", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Not",
                "And", "Or", "Xor", "Sign", "Floor", "Ceil", "Round", "IsNaN", "IsInf", "EyeLike", "OneHot",
                "RandomNormalLike", "RandomUniformLike");
        return s;
    }
}
