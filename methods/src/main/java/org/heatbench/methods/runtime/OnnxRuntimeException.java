package org.heatbench.methods.runtime;

import org.heatbench.core.HeatBenchException;

/** An ONNX Runtime failure, wrapped with what HeatBench was doing (which model, which run). */
public class OnnxRuntimeException extends HeatBenchException {
    private static final long serialVersionUID = 1L;

    public OnnxRuntimeException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
