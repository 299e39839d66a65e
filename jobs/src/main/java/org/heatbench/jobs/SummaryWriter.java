package org.heatbench.jobs;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.RunManifest;
import org.heatbench.results.run.UnitMarker;
import org.heatbench.results.run.UnitPartial;
import org.heatbench.training.CardSummary;

/**
 * The run's outputs on the driver: {@code summary/} from the intact committed units' partial statistics (exact sums:
 * identical for any partitioning), and {@code run.json} ({@link RunManifest}) with counts from their markers.
 * Stateless.
 */
final class SummaryWriter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SummaryWriter.class);
    private static final List<String> SUMMARY_TABLES = List.of("summary.csv", "mean_curves.csv", "rankings.csv",
            "pairwise.csv", "random_gap_tests.csv");

    private SummaryWriter() {
    }

    /**
     * Combines the given committed units per target and writes every summary file.
     *
     * @param committed the units whose markers and files verified
     */
    static void write(RunPlan plan, Set<RunPlan.Unit> committed) {
        RunLayout layout = plan.layout();
        ExperimentSpec spec = plan.spec();
        Map<String, ComponentShares> components = new LinkedHashMap<>();
        List<List<String>> skipped = new ArrayList<>();
        List<String> written = new ArrayList<>();
        try {
            for (RunPlan.TargetPlan t : plan.targets()) {
                PerturbationConfig config = RunPlan.config(spec, t.target());
                SummaryAccumulator acc = null;
                ComponentShares comps = null;
                long records = 0;
                for (RunPlan.Unit u : plan.units()) {
                    if (!u.target().equals(t.target()) || !committed.contains(u)) {
                        continue;
                    }
                    Path file = layout.unitSummary(t.target(), u.number());
                    UnitPartial p = RunFiles.read(file, RunFiles.PARTIAL_FORMAT, UnitPartial.class);
                    SummaryAccumulator s;
                    ComponentShares c;
                    try {
                        s = SummaryAccumulator.restore(config, p.summary());
                        c = ComponentShares.restore(p.components());
                    } catch (IllegalArgumentException e) {
                        throw new HeatBenchException(file + ": partial statistics do not fit the run: "
                                + e.getMessage(), e);
                    }
                    acc = acc == null ? s : acc.combine(s);
                    comps = comps == null ? c : comps.combine(c);
                    records += p.records();
                    for (UnitPartial.Skipped k : p.skipped()) {
                        skipped.add(List.of(t.target(), k.recordId(), Integer.toString(k.recordIndex()), k.method(),
                                k.status(), k.message()));
                    }
                }
                if (acc == null) {
                    continue;
                }
                ResultsWriter.writeSummary(layout.summary(t.target()), config, acc.finish(),
                        provenance(plan, t, config, records));
                components.put(t.target(), comps);
                // the files heatbench perturb writes, components.csv included
                ResultsWriter.writeComponents(layout.summary(t.target()).resolve("components.csv"),
                        Map.of(t.target(), comps));
                written.add(t.target());
            }
            for (String table : SUMMARY_TABLES) {
                concatenate(layout, written, table);
            }
            ResultsWriter.writeComponents(layout.components(), components);
            writeCsv(layout.skipped(), "target,record_id,record_index,method,status,message", skipped);
        } catch (IOException e) {
            throw new HeatBenchException("cannot write the summary in " + layout.summary() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> provenance(RunPlan plan, RunPlan.TargetPlan t, PerturbationConfig config,
            long records) {
        ExperimentSpec spec = plan.spec();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("tool", "heatbench run");
        provenance.put("run_id", spec.runId());
        provenance.put("heatbench_version", HeatBenchVersion.get());
        provenance.put("onnxruntime_version", GraphSession.onnxRuntimeVersion());
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("created", Instant.now().toString());
        provenance.put("model", t.model());
        provenance.put("model_sha256", t.sha256());
        provenance.put("output_index", t.outputIndex());
        provenance.put("target_index", t.targetIndex());
        provenance.put("leads", t.leads());
        provenance.put("target", t.target());
        provenance.put("methods", spec.methods());
        provenance.put("preset", config.preset());
        provenance.put("parameters", config.parameters());
        provenance.put("seed", spec.seed());
        Map<String, Object> data = new LinkedHashMap<>(plan.storeInfo());
        data.put("records", records);
        provenance.put("dataset", data);
        return provenance;
    }

    private static void writeCsv(Path p, String header, List<List<String>> rows) throws IOException {
        Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (List<String> r : rows) {
                w.write(String.join(",", r.stream().map(ResultsWriter::csv).toList()));
                w.write('\n');
            }
        }
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void concatenate(RunLayout layout, List<String> targets, String table) throws IOException {
        Path out = layout.summary().resolve(table);
        Path tmp = out.resolveSibling("." + table + ".tmp");
        boolean header = false;
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (String t : targets) {
                List<String> lines = Files.readAllLines(layout.summary(t).resolve(table), StandardCharsets.UTF_8);
                for (int i = header ? 1 : 0; i < lines.size(); i++) {
                    w.write(lines.get(i));
                    w.write('\n');
                }
                header = true;
            }
        }
        if (header) {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(tmp);
        }
    }

    /** Counts for run.json from the markers of the intact committed units. */
    static RunManifest.Counts counts(RunPlan plan, Set<RunPlan.Unit> committed) {
        RunLayout layout = plan.layout();
        Map<String, RunManifest.TargetCounts> per = new LinkedHashMap<>();
        int done = 0;
        for (RunPlan.TargetPlan t : plan.targets()) {
            long records = 0;
            long rows = 0;
            long skippedRows = 0;
            long skippedRecords = 0;
            long incomplete = 0;
            for (RunPlan.Unit u : plan.units()) {
                if (!u.target().equals(t.target()) || !committed.contains(u)) {
                    continue;
                }
                done++;
                UnitMarker m = RunFiles.read(layout.unitDone(t.target(), u.number()), RunFiles.UNIT_FORMAT,
                        UnitMarker.class);
                records += m.records();
                rows += m.rows();
                skippedRows += m.skipped();
                skippedRecords += m.recordsSkipped();
                incomplete += m.recordsIncomplete();
            }
            per.put(t.target(), new RunManifest.TargetCounts(plan.indices().length, records, rows, skippedRecords,
                    skippedRows, incomplete));
        }
        return new RunManifest.Counts(plan.units().size(), done, per);
    }

    /** @return the share of evaluated records with a skipped method, over all targets (0 when none evaluated) */
    static double skippedShare(RunManifest.Counts counts) {
        long records = 0;
        long incomplete = 0;
        for (RunManifest.TargetCounts c : counts.perTarget().values()) {
            records += c.records();
            incomplete += c.recordsIncomplete();
        }
        return records == 0 ? 0 : (double) incomplete / records;
    }

    /** run.json of a plan in {@code state}, keeping the creation time of an earlier manifest. */
    static RunManifest manifest(RunPlan plan, String state, String message, String created,
            RunManifest.Counts counts) {
        ExperimentSpec spec = plan.spec();
        Map<String, Object> info = plan.storeInfo();
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) info.get("ids");
        @SuppressWarnings("unchecked")
        List<String> leads = (List<String>) info.get("leads");
        RunManifest.Dataset dataset = new RunManifest.Dataset(String.valueOf(info.get("path")),
                String.valueOf(info.get("kind")), String.valueOf(info.get("source")),
                ((Number) info.get("store_records")).longValue(), leads,
                ((Number) info.get("sampling_rate_hz")).doubleValue(), ((Number) info.get("samples")).intValue(),
                String.valueOf(info.get("split")), ((Number) info.get("limit")).intValue(), ids,
                ((Number) info.get("selected")).intValue());
        List<RunManifest.TargetInfo> targets = new ArrayList<>();
        for (RunPlan.TargetPlan t : plan.targets()) {
            targets.add(new RunManifest.TargetInfo(t.target(), t.unit(), t.model(), t.sha256(), t.leads(),
                    t.outputIndex(), t.targetIndex(), card(t)));
        }
        Map<String, String> parameters = plan.targets().isEmpty() ? Map.of()
                : RunPlan.config(spec, plan.targets().get(0).target()).parameters();
        ExperimentSpec.Execution x = spec.execution();
        return new RunManifest(RunFiles.RUN_FORMAT, RunFiles.FORMAT_VERSION, spec.runId(), state, message,
                created == null ? Instant.now().toString() : created,
                state.equals(RunManifest.RUNNING) ? null : Instant.now().toString(), null,
                new RunManifest.Versions(HeatBenchVersion.get(), GraphSession.onnxRuntimeVersion(),
                        org.apache.spark.package$.MODULE$.SPARK_VERSION(), System.getProperty("java.version")),
                spec.seed(), dataset, targets, spec.methods(),
                new RunManifest.Perturbation(spec.perturbation().preset(), parameters),
                new RunManifest.Execution(x.master(), x.partitions(), x.unitRecords(), x.ortThreads(), x.provider(),
                        x.batchBudget(), x.maxTaskFailures(), spec.maxSkippedShare()),
                new RunManifest.Gallery(plan.gallery().length, plan.galleryIds()), counts, null);
    }

    /** The card next to the target's model, in brief; null when there is none or it cannot be read. */
    static RunManifest.ModelCard card(RunPlan.TargetPlan t) {
        Optional<CardSummary> c;
        try {
            c = CardSummary.of(Path.of(t.model()));
        } catch (HeatBenchException e) {
            // the run does not depend on the card; the report then says the model has none
            LOG.warn("model card of '{}' not read: {}", t.model(), e.getMessage());
            return null;
        }
        return c.map(s -> new RunManifest.ModelCard(s.card(), t.sha256().equals(s.cardSha256()), s.trainedOn(),
                s.initialisedFromSha256(), s.addedTraining(), s.validationStore(), s.syntheticTestMae(),
                s.studyTestMae(), s.realCriterion(), s.realN(), s.realMae(), s.realAllWithin(), s.realStores()))
                .orElse(null);
    }
}
