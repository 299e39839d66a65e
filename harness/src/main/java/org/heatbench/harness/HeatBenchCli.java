package org.heatbench.harness;

import java.util.concurrent.Callable;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.harness.attribute.AttributeCommand;
import org.heatbench.harness.dataset.DatasetCommand;
import org.heatbench.methods.MethodRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code heatbench} command line. */
@Command(name = "heatbench", mixinStandardHelpOptions = true, versionProvider = HeatBenchCli.Version.class,
        description = "Faithfulness benchmark for ECG attribution methods on ONNX models.",
        subcommands = {CommandLine.HelpCommand.class})
public final class HeatBenchCli implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** @return the configured command line, also used by tests */
    public static CommandLine newCommandLine() {
        MethodRegistry methods = MethodRegistry.standard();
        CommandLine cl = new CommandLine(new HeatBenchCli());
        cl.addSubcommand(new MethodsCommand(methods));
        cl.addSubcommand(new AttributeCommand(methods));
        cl.addSubcommand(new DatasetCommand());
        cl.addSubcommand(new org.heatbench.harness.train.TrainCommand());
        cl.addSubcommand(new org.heatbench.harness.train.EvaluateCommand());
        cl.addSubcommand(new org.heatbench.harness.train.ValidateRealCommand());
        cl.addSubcommand(new org.heatbench.harness.perturb.PerturbCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.run.RunCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.report.ReportCommand());
        cl.setExecutionExceptionHandler(HeatBenchCli::handle);
        return cl;
    }

    /** HeatBench's own errors are the user's to fix: print the message, not a stack trace. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof HeatBenchException || e instanceof java.io.UncheckedIOException) {
            cl.getErr().println("heatbench " + cl.getCommandName() + ": error: " + e.getMessage());
            cl.getErr().flush();
            return 2;
        }
        throw e;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"heatbench " + HeatBenchVersion.get()};
        }
    }
}
