package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F32_SMOOTH;
import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.distinct;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.f;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the pointwise activation rules. Float64 except Elu and Softplus, which ONNX Runtime's
 * CPU provider runs in float32 only. Inputs are scaled so both sides of every kink or saturation are exercised.
 */
class ActivationGradientTest {
    private static final long[] ITEM = {3, 8};

    @Test
    void relu() {
        verify("relu", F64, ITEM, g -> g.op("Relu", g.input()));
    }

    @Test
    void leakyRelu() {
        verify("leakyrelu default alpha", F64, ITEM, g -> g.op("LeakyRelu", g.input()));
        verify("leakyrelu alpha 0.2", F64, ITEM, g -> g.op("LeakyRelu", List.of(g.input()), f("alpha", 0.2)));
    }

    @Test
    void sigmoidAndTanh() {
        verify("sigmoid", F64, ITEM, g -> g.op("Sigmoid", g.op("Mul", g.input(), g.scalar(3))));
        verify("tanh", F64, ITEM, g -> g.op("Tanh", g.op("Mul", g.input(), g.scalar(2))));
    }

    @Test
    void clip() {
        verify("clip min max", F64, ITEM, g -> g.op("Clip", g.input(), g.scalar(-0.5), g.scalar(0.4)));
        verify("clip min only", F64, ITEM, g -> g.op("Clip", g.input(), g.scalar(-0.3)));
        verify("clip max only", F64, ITEM, g -> g.op("Clip", g.input(), "", g.scalar(0.2)));
        verify("clip unbounded", F64, ITEM, g -> g.op("Clip", g.input()));
    }

    @Test
    void elu() {
        // alpha != 1 makes the derivative jump at 0: distinct inputs keep every perturbation 0.025 away from it
        verify("elu", F32_SMOOTH, ITEM, distinct(11, 48), g -> g.op("Elu", g.input()));
        verify("elu alpha 0.5", F32_SMOOTH, ITEM, distinct(12, 48),
                g -> g.op("Elu", List.of(g.op("Mul", g.input(), g.scalar(2))), f("alpha", 0.5)));
    }

    @Test
    void softplus() {
        verify("softplus", F32_SMOOTH, ITEM, g -> g.op("Softplus", g.op("Mul", g.input(), g.scalar(3))));
    }

    @Test
    void otherPointwise() {
        verify("neg", F64, ITEM, g -> g.op("Neg", g.input()));
        verify("exp", F64, ITEM, g -> g.op("Exp", g.input()));
        verify("abs", F64, ITEM, g -> g.op("Abs", g.input()));
        verify("sqrt", F64, ITEM, g -> g.op("Sqrt", g.op("Add", g.input(), g.scalar(1.5))));
    }
}
