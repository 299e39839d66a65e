package org.heatbench.core;

/**
 * Input data that cannot be processed: wrong shape or rank, NaN or infinite values, a truncated or foreign
 * file. The message names the file, dataset and record where known.
 */
public class InvalidInputException extends HeatBenchException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
