package org.heatbench.harness.dataset;

import java.util.concurrent.Callable;
import org.heatbench.datasets.importers.ImporterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench dataset}: create, import and inspect median-beat stores ({@code docs/DATASET_FORMAT.md}).
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Create, import and inspect median-beat datasets (HDF5 shard stores).",
        subcommands = {GenerateCommand.class, InfoCommand.class, DelineateCommand.class, CompareCommand.class,
                LabelCommand.class})
public final class DatasetCommand implements Callable<Integer> {
    /**
     * @return the {@code dataset} command with its subcommands; {@code import} reads the formats of {@code importers}
     */
    public static CommandLine create(ImporterRegistry importers) {
        return new CommandLine(new DatasetCommand()).addSubcommand(new ImportCommand(importers));
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
