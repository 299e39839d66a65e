package org.heatbench.methods.modified;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.heatbench.methods.backward.BackwardContext;

/**
 * Graph questions the transformer rules of LRP ask: is one operand of a product a pointwise function of the other
 * (a gate, as in GELU = x · Φ(x) exported as {@code Mul(x, 0.5·(1 + erf(x/√2)))}, tanh-GELU
 * {@code Mul(0.5·x, 1 + tanh(...))} or SiLU = x · σ(x))?
 *
 * <p>The gated operand is a constant multiple of some tensor u (through Identity, Cast, Neg, Mul or Div by
 * constants); the gate is a pointwise function of u through unary pointwise operators and binary pointwise
 * operators whose operands are constants (initializers, {@code Constant} outputs) or pointwise functions of u.
 */
final class AttentionLrp {
    private static final Set<String> UNARY = Set.of("Erf", "Tanh", "Sigmoid", "Relu", "Gelu", "Exp", "Neg",
            "Softplus", "Identity", "Cast", "Sqrt", "Abs", "HardSigmoid", "Elu", "LeakyRelu");
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow");

    private AttentionLrp() {
    }

    /** @return whether {@code gate} is a pointwise function of {@code x} alone (and not {@code x} itself) */
    static boolean isGateOf(BackwardContext c, String gate, String x) {
        Map<String, NodeProto> producer = new HashMap<>();
        Set<String> constants = new HashSet<>(c.analysis().model().initializers().keySet());
        for (NodeProto n : c.analysis().model().graph().getNodeList()) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
            if (n.getOpType().equals("Constant")) {
                constants.addAll(n.getOutputList());
            }
        }
        String u = linearRoot(x, producer, constants);
        return !linearRoot(gate, producer, constants).equals(u)
                && pointwiseOf(gate, u, producer, constants, 0) == Boolean.TRUE;
    }

    /** Follows Identity, Cast, Neg and products / quotients by constants back to the tensor they scale. */
    private static String linearRoot(String t, Map<String, NodeProto> producer, Set<String> constants) {
        String cur = t;
        for (int depth = 0; depth < 32; depth++) {
            NodeProto n = producer.get(cur);
            if (n == null) {
                return cur;
            }
            String op = n.getOpType();
            if (op.equals("Identity") || op.equals("Cast") || op.equals("Neg")) {
                cur = n.getInput(0);
            } else if (op.equals("Mul") && n.getInputCount() == 2 && constants.contains(n.getInput(0))
                    != constants.contains(n.getInput(1))) {
                cur = constants.contains(n.getInput(0)) ? n.getInput(1) : n.getInput(0);
            } else if (op.equals("Div") && n.getInputCount() == 2 && constants.contains(n.getInput(1))
                    && !constants.contains(n.getInput(0))) {
                cur = n.getInput(0);
            } else {
                return cur;
            }
        }
        return cur;
    }

    /**
     * TRUE: t is x or a pointwise function of x (and constants); FALSE: t is a constant; null: neither. Binary
     * operators combine operands of either kind (tanh-GELU's x + 0.044715·x³ has x on both sides).
     */
    private static Boolean pointwiseOf(String t, String x, Map<String, NodeProto> producer, Set<String> constants,
            int depth) {
        if (t.equals(x)) {
            return Boolean.TRUE;
        }
        if (constants.contains(t)) {
            return Boolean.FALSE;
        }
        NodeProto n = producer.get(t);
        if (n == null || depth > 32) {
            return null;
        }
        String op = n.getOpType();
        if (UNARY.contains(op)) {
            return pointwiseOf(n.getInput(0), x, producer, constants, depth + 1);
        }
        if (BINARY.contains(op) && n.getInputCount() == 2) {
            Boolean a = pointwiseOf(n.getInput(0), x, producer, constants, depth + 1);
            Boolean b = pointwiseOf(n.getInput(1), x, producer, constants, depth + 1);
            if (a == null || b == null) {
                return null;
            }
            return a || b;
        }
        return null;
    }
}
