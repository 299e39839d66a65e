package org.heatbench.harness.ratings;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.heatbench.results.report.ExpertRatings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heatbench ratings}: expert ratings of the blinded heatmap gallery. */
@Command(name = "ratings", mixinStandardHelpOptions = true, description = "Expert ratings of the report's blinded "
        + "heatmap gallery.", subcommands = {RatingsCommand.Import.class})
public final class RatingsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code heatbench ratings import --results RUN FILE...}: checks each export against the run's galleries (target,
     * record, panel, score 1–5) and stores it as {@code RUN/ratings/<rater>.json}; {@code heatbench report} then shows
     * the agreement.
     */
    @Command(name = "import", mixinStandardHelpOptions = true, description = {"Store exported ratings (JSON from the "
            + "report's gallery) in a run directory.", "Example: heatbench ratings import --results results/default "
                    + "ratings-ab.json ratings-cd.json"})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--results", required = true, description = "the run directory")
        Path results;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "exported ratings files")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Path f : files) {
                Path stored = ExpertRatings.importFile(results, f);
                out.println("imported " + f + " -> " + stored);
            }
            out.println("run 'heatbench report --results " + results + "' to see the agreement");
            out.flush();
            return 0;
        }
    }
}
