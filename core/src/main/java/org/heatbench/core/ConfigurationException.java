package org.heatbench.core;

import java.util.List;

/**
 * A bad option, method specification or configuration value; the message names the field and the accepted values.
 *
 * <p>Libraries name a setting by its own name in single quotes ({@code 'steps'}, {@code 'per_step'}), never by a
 * command-line flag a spec user never typed; {@link #settings()} lists the names so quoted, so a command line can
 * show its flags instead ({@code --steps}, {@code --per-step}).
 */
public class ConfigurationException extends HeatBenchException {
    private static final long serialVersionUID = 1L;

    private final String[] settings;

    public ConfigurationException(String message) {
        super(message);
        this.settings = new String[0];
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.settings = new String[0];
    }

    /**
     * @param message  the message, naming each setting in single quotes: {@code 'steps'}
     * @param settings the setting names the message quotes, for a front end to map to its own spelling
     */
    public ConfigurationException(String message, String... settings) {
        super(message);
        this.settings = settings.clone();
    }

    /** @return the setting names this message quotes (may be empty) */
    public List<String> settings() {
        return List.of(settings);
    }
}
