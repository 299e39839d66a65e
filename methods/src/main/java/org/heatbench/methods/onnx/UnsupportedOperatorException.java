package org.heatbench.methods.onnx;

import java.util.Collection;
import java.util.TreeSet;

/**
 * A node on the differentiable path whose operator type (or attribute value) has no backward rule. Raised when a
 * graph is compiled, never in the middle of a run.
 */
public class UnsupportedOperatorException extends InvalidModelException {
    private static final long serialVersionUID = 1L;

    private final String opType;
    private final String nodeName;

    public UnsupportedOperatorException(String opType, String nodeName, String detail, Collection<String> supported) {
        super("unsupported ONNX operator " + opType + " at node '" + nodeName + "'"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail)
                + "; operators with backward rules: " + String.join(", ", new TreeSet<>(supported)));
        this.opType = opType;
        this.nodeName = nodeName;
    }

    /** @return the operator type, e.g. {@code "LSTM"} */
    public String opType() {
        return opType;
    }

    /** @return the node's name (or its first output's name when the node is unnamed) */
    public String nodeName() {
        return nodeName;
    }
}
