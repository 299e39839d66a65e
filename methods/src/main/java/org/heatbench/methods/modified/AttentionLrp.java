package org.heatbench.methods.modified;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.heatbench.methods.backward.BackwardContext;

/**
 * Graph questions the transformer rules of LRP ask: is one operand of a product a pointwise function of the other
 * (a gate, as in GELU = x · Φ(x) exported as {@code Mul(x, 0.5·(1 + erf(x/√2)))} or SiLU = x · σ(x))?
 *
 * <p>A gate is reached from the other operand through pointwise unary operators and binary pointwise operators whose
 * second operand is a constant (an initializer or a {@code Constant} node's output).
 */
final class AttentionLrp {
    private static final Set<String> UNARY = Set.of("Erf", "Tanh", "Sigmoid", "Relu", "Gelu", "Exp", "Neg",
            "Softplus", "Identity", "Cast", "Sqrt", "Abs", "HardSigmoid", "Elu", "LeakyRelu");
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow");

    private AttentionLrp() {
    }

    /** @return whether {@code gate} is a pointwise function of {@code x} alone */
    static boolean isGateOf(BackwardContext c, String gate, String x) {
        GraphProto g = c.analysis().model().graph();
        Map<String, NodeProto> producer = new HashMap<>();
        Set<String> constants = new HashSet<>(c.analysis().model().initializers().keySet());
        for (NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
            if (n.getOpType().equals("Constant")) {
                constants.addAll(n.getOutputList());
            }
        }
        Deque<String> todo = new ArrayDeque<>();
        todo.add(gate);
        int steps = 0;
        while (!todo.isEmpty() && steps++ < 64) {
            String t = todo.pop();
            NodeProto n = producer.get(t);
            if (n == null) {
                return false;
            }
            String op = n.getOpType();
            String next;
            if (UNARY.contains(op)) {
                next = n.getInput(0);
            } else if (BINARY.contains(op) && n.getInputCount() == 2) {
                boolean c0 = constants.contains(n.getInput(0));
                boolean c1 = constants.contains(n.getInput(1));
                if (c0 == c1) {
                    return false;
                }
                next = c0 ? n.getInput(1) : n.getInput(0);
            } else {
                return false;
            }
            if (next.equals(x)) {
                return true;
            }
            todo.push(next);
        }
        return false;
    }
}
