package org.heatbench.core;

/**
 * Root of every exception HeatBench throws on purpose. Subclasses name the concern (a model that cannot be
 * compiled, a bad input record, a bad configuration value); messages always name the file, record, node or
 * field involved so that a user can act on them without a stack trace.
 *
 * <p>Unchecked: HeatBench's errors are not recoverable by the immediate caller, and checked exceptions do not
 * cross Spark task boundaries or lambdas gracefully.
 */
public class HeatBenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeatBenchException(String message) {
        super(message);
    }

    public HeatBenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
