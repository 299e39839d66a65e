package org.heatbench.methods.onnx;

import org.heatbench.core.HeatBenchException;

/**
 * An ONNX model that cannot be used: unreadable or truncated file, unsupported opset, an operator without a
 * backward rule, a tensor name that does not exist. The message names the file, node or tensor involved.
 */
public class InvalidModelException extends HeatBenchException {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
