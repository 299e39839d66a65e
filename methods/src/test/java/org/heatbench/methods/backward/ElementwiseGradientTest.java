package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.GradientCheck.Precision.F64;
import static org.heatbench.methods.backward.GradientCheck.verify;
import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks (float64) of Add, Sub, Mul, Div, Where and Sum: constant operands on either side,
 * broadcasting in every direction (trailing, middle, leading axes; scalars), and operands that both depend on the
 * input, broadcast against each other or the same tensor twice.
 */
class ElementwiseGradientTest {
    private static final long[] ITEM = {3, 4};

    @Test
    void add() {
        verify("add full constant", F64, ITEM, g -> g.op("Add", g.input(), g.weight(1, 3, 4)));
        verify("add trailing broadcast", F64, ITEM, g -> g.op("Add", g.input(), g.weight(1, 4)));
        verify("add constant left middle broadcast", F64, ITEM, g -> g.op("Add", g.weight(1, 3, 1), g.input()));
        verify("add scalar", F64, ITEM, g -> g.op("Add", g.input(), g.scalar(0.3)));
    }

    @Test
    void sub() {
        verify("sub constant right", F64, ITEM, g -> g.op("Sub", g.input(), g.weight(1, 1, 4)));
        verify("sub constant left", F64, ITEM, g -> g.op("Sub", g.weight(1, 3, 1), g.input()));
    }

    @Test
    void mul() {
        verify("mul trailing broadcast", F64, ITEM, g -> g.op("Mul", g.input(), g.weight(1, 4)));
        verify("mul constant left", F64, ITEM, g -> g.op("Mul", g.weight(1, 3, 1), g.input()));
        verify("mul scalar", F64, ITEM, g -> g.op("Mul", g.scalar(-1.7), g.input()));
    }

    @Test
    void div() {
        verify("div by constant", F64, ITEM, g -> g.op("Div", g.input(), g.weightIn(0.5, 2, 3, 1)));
        // denominator x + 2 stays in [1, 3]
        verify("div constant by input", F64, ITEM,
                g -> g.op("Div", g.weight(1, 4), g.op("Add", g.input(), g.scalar(2))));
    }

    @Test
    void bothOperandsDependOnInput() {
        verify("add x tanh x", F64, ITEM, g -> g.op("Add", g.input(), g.op("Tanh", g.input())));
        verify("mul x x", F64, ITEM, g -> g.op("Mul", g.input(), g.input()));
        verify("sub sigmoid x", F64, ITEM, g -> g.op("Sub", g.op("Sigmoid", g.input()), g.input()));
        verify("div live", F64, ITEM, g -> g.op("Div", g.op("Sigmoid", g.input()),
                g.op("Add", g.op("Mul", g.input(), g.input()), g.scalar(1))));
    }

    @Test
    void liveOperandsBroadcastAgainstEachOther() {
        // [N,3,4] · [N,3,1] and [N,3,4] / [N,1,4]: the smaller operand's gradient is summed over the broadcast axis
        verify("mul live keepdims broadcast", F64, ITEM, g -> g.op("Mul", g.input(),
                g.op("ReduceMean", List.of(g.input()), ints("axes", 2), i("keepdims", 1))));
        verify("div live keepdims broadcast", F64, ITEM, g -> g.op("Div", g.op("Tanh", g.input()),
                g.op("Add", g.op("ReduceSum", List.of(g.op("Mul", g.input(), g.input()), g.longs(1)),
                        i("keepdims", 1)), g.scalar(1))));
        verify("sub live broadcast left", F64, ITEM, g -> g.op("Sub",
                g.op("ReduceMean", List.of(g.op("Sigmoid", g.input())), ints("axes", 1), i("keepdims", 1)), g.input()));
    }

    /** A live operand broadcast along new leading axes ([2,1,1,1] · [N,3,4] → [2,N,3,4], transposed back). */
    @Test
    void leadingBroadcast() {
        verify("mul leading broadcast", F64, ITEM, g -> g.op("Transpose", List.of(g.op("Mul",
                g.weight(1, 2, 1, 1, 1), g.op("Tanh", g.input()))), ints("perm", 1, 0, 2, 3)));
        verify("add leading broadcast", F64, ITEM, g -> g.op("Transpose", List.of(g.op("Add",
                g.op("Sigmoid", g.input()), g.weight(1, 2, 1, 3, 4))), ints("perm", 1, 0, 2, 3)));
    }

    @Test
    void where() {
        verify("where both branches live", F64, ITEM, g -> g.op("Where", g.op("Greater", g.input(), g.scalar(0)),
                g.input(), g.op("Mul", g.op("Tanh", g.input()), g.scalar(3))));
        verify("where constant condition broadcast", F64, ITEM, g -> g.op("Where",
                g.op("Greater", g.weight(1, 3, 1), g.scalar(0)), g.op("Sigmoid", g.input()), g.input()));
        verify("where scalar and constant branches", F64, ITEM, g -> g.op("Where",
                g.op("Less", g.input(), g.scalar(0.2)), g.weight(1, 4), g.op("Mul", g.input(), g.scalar(2))));
        verify("where live branch broadcast", F64, ITEM, g -> g.op("Where",
                g.op("Greater", g.weight(1, 3, 4), g.scalar(0)), g.input(),
                g.op("ReduceSum", List.of(g.op("Tanh", g.input()), g.longs(1)), i("keepdims", 1))));
    }

    @Test
    void sum() {
        verify("sum one input", F64, ITEM, g -> g.op("Sum", g.input()));
        verify("sum x x", F64, ITEM, g -> g.op("Sum", g.input(), g.input()));
        verify("sum three broadcast", F64, ITEM, g -> g.op("Sum", g.input(), g.op("Tanh", g.input()), g.weight(1, 4),
                g.op("ReduceMean", List.of(g.input()), ints("axes", 2), i("keepdims", 1))));
    }
}
