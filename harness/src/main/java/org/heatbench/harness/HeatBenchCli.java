package org.heatbench.harness;

import java.util.concurrent.Callable;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.harness.attribute.AttributeCommand;
import org.heatbench.harness.dataset.DatasetCommand;
import org.heatbench.datasets.importers.ImporterRegistry;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.perturbation.PerturbationRegistries;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code heatbench} command line. */
@Command(name = "heatbench", mixinStandardHelpOptions = true, versionProvider = HeatBenchCli.Version.class,
        description = "Faithfulness benchmark for ECG attribution methods on ONNX models.",
        subcommands = {CommandLine.HelpCommand.class})
public final class HeatBenchCli implements Callable<Integer> {
    /** Exit status of an error the user can fix (bad option, input or file). */
    public static final int ERROR = 2;

    @Option(names = CliErrors.VERBOSE, scope = ScopeType.INHERIT,
            description = "On an error, also print the stack trace.")
    boolean verbose;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = newCommandLine();
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // Errors bypass picocli's exception handler; still one line
            CliErrors.print(e, cl);
            status = ERROR;
        }
        System.exit(status);
    }

    /** @return the configured command line, also used by tests */
    public static CommandLine newCommandLine() {
        // built-ins plus every plugin on the class path (plugins/ and HEATBENCH_PLUGINS in the launcher)
        MethodRegistry methods = MethodRegistry.discover();
        PerturbationRegistries perturbations = PerturbationRegistries.discover();
        ImporterRegistry importers = ImporterRegistry.discover();
        CommandLine cl = new CommandLine(new HeatBenchCli());
        cl.addSubcommand(new MethodsCommand(methods, perturbations, importers));
        cl.addSubcommand(new AttributeCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.compile.CompileCommand(methods));
        cl.addSubcommand(DatasetCommand.create(importers));
        cl.addSubcommand(new org.heatbench.harness.train.TrainCommand());
        cl.addSubcommand(new org.heatbench.harness.train.EvaluateCommand());
        cl.addSubcommand(new org.heatbench.harness.train.ValidateRealCommand());
        cl.addSubcommand(new org.heatbench.harness.train.PredictCommand());
        cl.addSubcommand(new org.heatbench.harness.perturb.PerturbCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.run.RunCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.report.ReportCommand());
        cl.addSubcommand(new org.heatbench.harness.sanity.SanityCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.robustness.RobustnessCommand(methods));
        cl.addSubcommand(new org.heatbench.harness.ratings.RatingsCommand());
        cl.addSubcommand(new org.heatbench.harness.faithfulness.FaithfulnessCommand(methods));
        cl.setExecutionExceptionHandler(HeatBenchCli::handle);
        cl.setParameterExceptionHandler(HeatBenchCli::handleParameter);
        return cl;
    }

    /** Every failure is one line naming what to fix; the stack trace only with --verbose. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        CliErrors.print(e, cl);
        return ERROR;
    }

    /** A bad command line: picocli's message and the command's usage hint, never a stack trace. */
    private static int handleParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("heatbench " + cl.getCommandName() + ": error: " + e.getMessage());
        cl.getErr().println("(see 'heatbench " + cl.getCommandSpec().qualifiedName(" ").replaceFirst("^heatbench ?", "")
                + " --help')");
        cl.getErr().flush();
        return ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"heatbench " + HeatBenchVersion.get()};
        }
    }
}
