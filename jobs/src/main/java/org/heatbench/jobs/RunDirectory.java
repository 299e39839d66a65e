package org.heatbench.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.jobs.spec.SpecWriter;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.UnitMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run directory as the driver holds it: created or checked for resume (the same spec), replaced on
 * {@code --overwrite} only when it is HeatBench's own, leased to one live driver at a time, and its units verified
 * against the checksums in their markers ({@link DriverLease} holds the lease). Not thread-safe except
 * {@link #refreshLease()} and {@link #release()}.
 */
final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    /** What {@code --overwrite} may delete: the files HeatBench writes, by directory (regular expressions). */
    private static final Map<String, Pattern> OURS = Map.of(
            "", Pattern.compile("(spec\\.json|run\\.json|\\..*\\.tmp)"),
            "records", Pattern.compile("(part-.*\\.parquet|\\..*\\.tmp)"),
            "units", Pattern.compile("(.*\\.done|.*\\.summary|.*\\.partial\\.json(\\.gz)?|\\..*\\.tmp)"),
            "summary", Pattern.compile("(.*\\.csv|\\..*\\.tmp)"),
            "summary/*", Pattern.compile("(.*\\.csv|summary\\.json|.*\\.partial|\\..*\\.tmp)"),
            "attributions", Pattern.compile("(.*\\.h5|\\..*\\.tmp)"),
            "report", Pattern.compile("(index\\.html|\\..*\\.tmp)"),
            "report/figures", Pattern.compile("(.*\\.png|.*\\.svg)"));

    private final RunPlan plan;
    private final RunLayout layout;
    private final DriverLease lease;
    private final MethodRegistry registry;

    private RunDirectory(RunPlan plan, MethodRegistry registry) {
        this.registry = registry;
        this.plan = plan;
        this.layout = plan.layout();
        this.lease = new DriverLease(plan.spec().runId(), layout.root());
    }

    /**
     * Creates the run directory (or checks that an existing one holds the same spec), takes its lease and writes
     * spec.json.
     *
     * @param overwrite delete an earlier run of this run id first — only when the folder carries HeatBench's marker
     *     (a run.json of format {@value RunFiles#RUN_FORMAT}), and only the files HeatBench writes
     * @param breakLease take the lease even when another driver seems to hold it
     * @param registry the job's methods, which read the earlier spec.json back (a method registered in code must
     *     resolve there too)
     * @throws ConfigurationException in one line when the folder is not a HeatBench run, holds another spec, or is
     *     leased by a live driver
     */
    static RunDirectory open(RunPlan plan, MethodRegistry registry, boolean overwrite, boolean breakLease) {
        RunDirectory d = new RunDirectory(plan, registry);
        d.prepare(overwrite, breakLease);
        return d;
    }

    RunLayout layout() {
        return layout;
    }

    private void prepare(boolean overwrite, boolean breakLease) {
        ExperimentSpec spec = plan.spec();
        Path root = layout.root();
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new ConfigurationException("run_id '" + spec.runId() + "': " + root + " exists and is not a "
                        + "directory; choose another run_id or output");
            }
            boolean nonEmpty = Files.isDirectory(root) && !isEmpty(root);
            if (nonEmpty && !isHeatBenchRun(root)) {
                throw new ConfigurationException("run_id '" + spec.runId() + "': " + root + " is not empty and not "
                        + "a HeatBench run (no run.json of format " + RunFiles.RUN_FORMAT + "); nothing was deleted "
                        + "— choose another run_id or output");
            }
            if (nonEmpty) {
                lease.acquire(breakLease);
            }
            if (overwrite && nonEmpty) {
                List<Path> kept = deleteOurs(root);
                if (!kept.isEmpty()) {
                    LOG.warn("--overwrite kept {} file(s) HeatBench did not write in {}: {}", kept.size(), root,
                            kept.subList(0, Math.min(5, kept.size())));
                }
            } else if (Files.exists(layout.spec())) {
                checkSameSpec(spec);
            }
            Files.createDirectories(layout.records());
            Files.createDirectories(layout.units());
            Files.createDirectories(layout.summary());
            if (!lease.held()) {
                lease.acquire(breakLease);
            }
            RunFiles.writeText(layout.spec(), SpecWriter.toJson(spec));
        } catch (IOException e) {
            release();
            throw new HeatBenchException("cannot prepare the run directory " + root + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void checkSameSpec(ExperimentSpec spec) {
        ExperimentSpec earlier;
        try {
            earlier = SpecReader.create(registry).read(layout.spec());
        } catch (HeatBenchException e) {
            throw new ConfigurationException("run_id '" + spec.runId() + "': " + layout.root() + " holds a run whose "
                    + "spec.json cannot be read (" + e.getMessage() + "); choose another run_id or --overwrite", e);
        }
        if (!earlier.resumeKey().equals(spec.resumeKey())) {
            throw new ConfigurationException("run_id '" + spec.runId() + "': " + layout.root() + " holds a run of a "
                    + "different spec (" + difference(earlier, spec) + "); choose another run_id, or --overwrite to "
                    + "replace it");
        }
        if (Files.exists(layout.run())) {
            // an unknown format version (an older or newer HeatBench) cannot be resumed: say so in one line
            RunFiles.checkFormat(layout.run(), RunFiles.tree(layout.run()), RunFiles.RUN_FORMAT);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** HeatBench's marker: a run.json declaring the run format (any version). */
    static boolean isHeatBenchRun(Path root) {
        var tree = RunFiles.tree(root.resolve("run.json"));
        return tree != null && RunFiles.RUN_FORMAT.equals(tree.path("format").asText(""));
    }

    /**
     * Deletes the files HeatBench writes under {@code root} (and directories left empty), nothing else.
     *
     * @return the files kept because HeatBench did not write them
     */
    static List<Path> deleteOurs(Path root) throws IOException {
        List<Path> kept = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        }
        for (Path p : all) {
            if (p.equals(root) || p.equals(root.resolve("run.lease"))) {
                continue; // the lease is this driver's by now
            }
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (isEmpty(p) && ours(root, p.getParent(), p.getFileName().toString(), true)) {
                    Files.delete(p);
                }
            } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && ours(root, p.getParent(), p.getFileName().toString(), false)) {
                Files.delete(p);
            } else {
                kept.add(root.relativize(p));
            }
        }
        return kept;
    }

    private static boolean ours(Path root, Path parent, String name, boolean directory) {
        String rel = root.relativize(parent).toString().replace('\\', '/');
        if (directory) {
            return switch (rel) {
                case "" -> Set.of("records", "units", "summary", "attributions", "report").contains(name);
                case "summary" -> true;
                case "report" -> name.equals("figures");
                default -> false;
            };
        }
        String key = rel.startsWith("summary/") && rel.indexOf('/', 8) < 0 ? "summary/*" : rel;
        Pattern p = OURS.get(key);
        return p != null && p.matcher(name).matches();
    }

    private static String difference(ExperimentSpec a, ExperimentSpec b) {
        List<String> names = List.of("seed", "dataset", "targets", "methods", "perturbation", "gallery",
                "execution.unit_records");
        List<Object> ka = a.resumeKey();
        List<Object> kb = b.resumeKey();
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!ka.get(i).equals(kb.get(i))) {
                diff.add(names.get(i));
            }
        }
        return String.join(", ", diff) + " differ";
    }

    /** Refreshes the heartbeat of this driver's lease (the progress monitor calls it). */
    void refreshLease() {
        lease.refresh();
    }

    /** Removes this driver's lease (idempotent). */
    void release() {
        lease.release();
    }


    /**
     * Checks a unit's commit: its marker reads, names this unit, and every file it lists exists with the SHA-256 it
     * lists.
     *
     * @return null when the unit is committed and intact, else why not (no marker: "not committed")
     */
    String verify(RunPlan.Unit u) {
        Path done = layout.unitDone(u.target(), u.number());
        if (!Files.exists(done)) {
            return "not committed";
        }
        UnitMarker m;
        try {
            m = RunFiles.read(done, RunFiles.UNIT_FORMAT, UnitMarker.class);
        } catch (HeatBenchException e) {
            return e.getMessage();
        }
        String part = layout.root().relativize(layout.recordsPart(u.target(), u.number())).toString();
        String sum = layout.root().relativize(layout.unitSummary(u.target(), u.number())).toString();
        if (!u.target().equals(m.target()) || u.number() != m.unit() || m.files() == null
                || !m.files().containsKey(part) || !m.files().containsKey(sum)) {
            return done + " does not describe unit " + u.number() + " of " + u.target() + " and its files";
        }
        for (Map.Entry<String, String> f : m.files().entrySet()) {
            Path p = layout.root().resolve(f.getKey()).normalize();
            if (!p.startsWith(layout.root().normalize())) {
                return done + " lists a file outside the run directory: " + f.getKey();
            }
            if (!Files.isRegularFile(p)) {
                return f.getKey() + " is missing";
            }
            try {
                if (!RunFiles.sha256(p).equals(f.getValue())) {
                    return f.getKey() + " does not match the SHA-256 in its marker (changed, truncated or zeroed)";
                }
            } catch (HeatBenchException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /**
     * Verifies every unit; withdraws the marker of each committed unit whose files fail the check (so that it is
     * recomputed), naming the file.
     *
     * @param problems receives one line per withdrawn unit
     * @return the units that are committed and intact
     */
    List<RunPlan.Unit> intactUnits(List<String> problems) {
        List<RunPlan.Unit> ok = new ArrayList<>();
        for (RunPlan.Unit u : plan.units()) {
            String why = verify(u);
            if (why == null) {
                ok.add(u);
            } else if (!why.equals("not committed")) {
                problems.add("unit " + u.number() + " of " + u.target() + " is recomputed: " + why);
                try {
                    Files.deleteIfExists(layout.unitDone(u.target(), u.number()));
                } catch (IOException e) {
                    throw new HeatBenchException("cannot withdraw the marker of unit " + u.number() + ": " + e, e);
                }
            }
        }
        return ok;
    }

    /** Removes hidden temporary files of unfinished attempts. */
    void cleanTemporaries() {
        for (Path dir : List.of(layout.records(), layout.units())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.getFileName().toString().startsWith(".")
                        && f.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("cannot remove temporary files in {}: {}", dir, e.toString());
            }
        }
    }
}
