package org.heatbench.core;

/** A bad option, method specification or configuration value; the message names the field and the accepted values. */
public class ConfigurationException extends HeatBenchException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
