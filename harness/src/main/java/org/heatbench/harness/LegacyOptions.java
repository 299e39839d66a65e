package org.heatbench.harness;

import org.heatbench.core.ConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Old spellings of options that every command now names the same way ({@code --input}, {@code --out},
 * {@code --records}, {@code --target-index}, ...): still accepted, with a one-line deprecation note on stderr.
 * An old spelling is a hidden option of its own, so that the note can name exactly what was typed.
 */
public final class LegacyOptions {
    private LegacyOptions() {
    }

    /**
     * @param spec       the command (for stderr and its name)
     * @param current    the value of the current option, or null when not given
     * @param legacy     the value of the old option, or null when not given
     * @param name       the current option, e.g. {@code --input}
     * @param legacyName the old option, e.g. {@code --in}
     * @param required   whether one of the two must be given
     * @return the value given under either name, or null
     * @throws ConfigurationException when both are given, or neither while required
     */
    public static <T> T pick(CommandSpec spec, T current, T legacy, String name, String legacyName,
            boolean required) {
        if (current != null && legacy != null) {
            throw new ConfigurationException(legacyName + " is the old spelling of " + name + ": give only " + name);
        }
        if (legacy != null) {
            spec.commandLine().getErr().println("heatbench " + spec.qualifiedName(" ").replaceFirst("^heatbench ", "")
                    + ": note: " + legacyName + " is deprecated, use " + name);
            spec.commandLine().getErr().flush();
            return legacy;
        }
        if (current == null && required) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '" + name + "'");
        }
        return current;
    }
}
