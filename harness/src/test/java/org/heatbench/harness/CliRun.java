package org.heatbench.harness;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One {@code heatbench} invocation in-process, with what it printed.
 *
 * @param exit exit status
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exit, String out, String err) {

    /** Runs the command line with {@code args}. */
    public static CliRun of(String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
