package org.heatbench.harness.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.heatbench.results.RunLayout;
import org.heatbench.results.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench report}: the self-contained HTML comparison report of a run directory
 * ({@link ReportGenerator}). A run with missing parts gets a report that lists them (and a note on stderr); a path
 * that is not a run is an error (exit 2).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the comparison report (static HTML + PNG/SVG figures) of a heatbench run.",
            "Example: heatbench report --results results/default"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--results", required = true, description = "the run directory, results/<run-id>")
    Path results;

    @Option(names = "--out", description = "output directory (default: <results>/report)")
    Path out;

    @Override
    public Integer call() {
        Path dir = out != null ? out : new RunLayout(results).report();
        ReportGenerator.Report r = ReportGenerator.generate(results, dir);
        PrintWriter err = spec.commandLine().getErr();
        if (!r.warnings().isEmpty()) {
            err.println("heatbench report: the run is incomplete; the report lists what is missing:");
            r.warnings().forEach(w -> err.println("  - " + w));
            err.flush();
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("report: " + r.index().toAbsolutePath().normalize().toUri());
        o.println(r.figures().size() + " figure files under " + r.index().resolveSibling("figures"));
        o.flush();
        return 0;
    }
}
