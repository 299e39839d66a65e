package org.heatbench.results;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.heatbench.core.ConfigurationException;

/**
 * Where each part of a run's results lives under its directory ({@code docs/RESULTS_FORMAT.md}). Pure path
 * arithmetic: nothing is created or checked on disk. Immutable, thread-safe.
 *
 * @param root the run directory, {@code results/<run-id>}
 */
public record RunLayout(Path root) {
    /** Value of {@code format} in {@code run.json}. */
    public static final String FORMAT = "heatbench-run";
    /** Version of the layout and of {@code run.json} ({@link org.heatbench.results.run.RunFiles#FORMAT_VERSION}). */
    public static final int FORMAT_VERSION = org.heatbench.results.run.RunFiles.FORMAT_VERSION;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public RunLayout {
        Objects.requireNonNull(root, "root");
    }

    /** The layout of {@code <parent>/<runId>}; the id must be a plain file name. */
    public static RunLayout of(Path parent, String runId) {
        return new RunLayout(parent.resolve(requireSafe("run id", runId)));
    }

    /**
     * Checks that a name can be used as a path element (run ids, target keys).
     *
     * @throws ConfigurationException naming {@code what} when it cannot
     */
    public static String requireSafe(String what, String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new ConfigurationException(what + " '" + name + "' must be 1-128 characters of letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** @return {@code spec.json}, the resolved experiment spec */
    public Path spec() {
        return root.resolve("spec.json");
    }

    /** @return {@code run.json}, provenance, state and counts */
    public Path run() {
        return root.resolve("run.json");
    }

    /** @return the directory of the per-record Parquet files */
    public Path records() {
        return root.resolve("records");
    }

    /** @return one unit's Parquet file */
    public Path recordsPart(String target, int unit) {
        return records().resolve("part-" + target + "-" + unitName(unit) + ".parquet");
    }

    /** @return the directory of unit commit markers and partial statistics */
    public Path units() {
        return root.resolve("units");
    }

    /** @return one unit's commit marker */
    public Path unitDone(String target, int unit) {
        return units().resolve(target + "-" + unitName(unit) + ".done");
    }

    /** @return one unit's partial statistics (typed JSON, gzip-compressed, {@link org.heatbench.results.run.UnitPartial}) */
    public Path unitSummary(String target, int unit) {
        return units().resolve(target + "-" + unitName(unit) + ".partial.json.gz");
    }

    /** @return the run-level summary directory */
    public Path summary() {
        return root.resolve("summary");
    }

    /** @return one target's summary directory (the files {@code heatbench perturb} writes) */
    public Path summary(String target) {
        return summary().resolve(target);
    }

    /** @return {@code summary/components.csv} */
    public Path components() {
        return summary().resolve("components.csv");
    }

    /** @return {@code summary/skipped.csv} */
    public Path skipped() {
        return summary().resolve("skipped.csv");
    }

    /** @return the gallery directory */
    public Path attributions() {
        return root.resolve("attributions");
    }

    /** @return one target's gallery file */
    public Path gallery(String target) {
        return attributions().resolve(target + ".h5");
    }

    /** @return the default report directory */
    public Path report() {
        return root.resolve("report");
    }

    private static String unitName(int unit) {
        return String.format("%05d", unit);
    }
}
