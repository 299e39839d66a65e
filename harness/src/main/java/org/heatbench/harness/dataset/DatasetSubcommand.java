package org.heatbench.harness.dataset;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.harness.CliErrors;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shared behaviour of the dataset subcommands: output through picocli's writers (so tests can capture it), and
 * every error reported as one line ({@link CliErrors}) with exit code 1 instead of a stack trace.
 */
abstract class DatasetSubcommand implements Callable<Integer> {
    /** Exit code for a HeatBench error (bad input, bad option value, I/O failure). */
    static final int ERROR = 1;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (picocli.CommandLine.ParameterException e) {
            throw e; // a bad command line: exit 2 with the usage hint, as picocli's own checks
        } catch (RuntimeException e) {
            CliErrors.print(e, spec.commandLine());
            return ERROR;
        }
    }

    abstract int run();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code 12} → the standard 12 leads, {@code 8} → the 8 independent leads, else a comma-separated list. */
    static List<Lead> leads(String value) {
        return switch (value.trim()) {
            case "12" -> Lead.STANDARD_12;
            case "8" -> Lead.INDEPENDENT_8;
            default -> Lead.parseAll(List.of(value.split(",")));
        };
    }

    /** {@code train,val} fractions, e.g. {@code 0.6,0.2}; test takes the rest. */
    static SplitPolicy splitPolicy(String fractions, long seed) {
        String[] parts = fractions.split(",");
        if (parts.length != 2) {
            throw new ConfigurationException("--split takes two fractions 'train,val' (test takes the rest), got '"
                    + fractions + "'");
        }
        try {
            return new SplitPolicy(seed, Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("--split fractions must be numbers, got '" + fractions + "'");
        }
    }
}
