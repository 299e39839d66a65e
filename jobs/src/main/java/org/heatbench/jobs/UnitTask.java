package org.heatbench.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.run.ChunkEvaluator;
import org.heatbench.perturbation.run.EvaluatedChunk;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.UnitMarker;
import org.heatbench.results.run.UnitPartial;

/**
 * The work of one unit, on an executor: read the unit's records, attribute them with every method, compute the
 * component shares, run perturbation, then commit — the Parquet rows and the partial statistics under hidden
 * temporary names unique to the attempt, renamed into place, and the {@code .done} marker (with the files' SHA-256)
 * renamed last. A unit with a marker is never
 * redone; a failed attempt leaves at most hidden temporary files (removed by the driver) or complete files that the
 * retry rewrites with identical content. So retries and speculative duplicates cannot duplicate or lose rows.
 */
final class UnitTask {
    private UnitTask() {
    }

    /**
     * Runs one unit unless it is already committed.
     *
     * @param modelBytes the bytes of a model by hash (read once per executor)
     * @param attempt the task's attempt number (fault injection only)
     * @param application the Spark application id (recorded in the marker)
     * @param attemptTag unique among every attempt of every application writing this run directory: the application
     *     id with the task attempt id (temporary file names; the attempt id alone restarts at 0 in every application)
     * @return whether the unit was computed (false: already committed)
     */
    static boolean run(RunPlan plan, RunPlan.Unit unit, java.util.function.Function<String, byte[]> modelBytes,
            int attempt, String application, String attemptTag) {
        RunLayout layout = plan.layout();
        Path done = layout.unitDone(unit.target(), unit.number());
        if (Files.exists(done)) {
            return false;
        }
        long started = System.nanoTime();
        RunPlan.TargetPlan t = plan.target(unit.target());
        MethodRegistry registry = ExecutorResources.methods(String.valueOf(plan.runDir()));
        RunSpec runSpec = plan.runSpec(t, registry);
        OnnxModel model = ExecutorResources.model(t.sha256(), t.model(), () -> modelBytes.apply(t.sha256()));
        EcgStore store = ExecutorResources.store(plan.storePath());
        List<Lead> leads = t.leadList();
        String key = plan.runDir() + "|" + t.target() + "|" + t.sha256() + "|" + plan.spec().resumeKey() + "|"
                + plan.executionOptions();
        ChunkEvaluator pipeline = ExecutorResources.borrow(key, () -> ChunkEvaluator.create(model, runSpec, leads,
                store.samples(), store.samplingRateHz(), plan.executionOptions()));
        boolean ok = false;
        try {
            long before = pipeline.modelEvaluations();
            EcgBatch batch = store.read(plan.indices(unit.from(), unit.to()), leads);
            EvaluatedChunk chunk = pipeline.run(batch);
            List<String> methods = pipeline.methodNames();
            ComponentShares components = ComponentShares.create(methods);
            chunk.addSharesTo(components);
            List<Map<String, double[]>> shares = chunk.shares();
            List<RecordEvaluation> evals = chunk.evaluations();
            SummaryAccumulator summary = SummaryAccumulator.create(runSpec.config(), t.target(), methods,
                    runSpec.classification());
            List<UnitPartial.Skipped> skipped = new ArrayList<>();
            int rows = 0;
            int recordsSkipped = 0;
            int recordsIncomplete = 0;
            for (int i = 0; i < evals.size(); i++) {
                RecordEvaluation e = evals.get(i);
                summary.accept(e);
                if (e.status() != MethodStatus.OK) {
                    recordsSkipped++;
                }
                if (!e.allMethodsOk() || (e.control() != null && !e.control().ok())) {
                    recordsIncomplete++;
                }
                List<MethodEvaluation> all = new ArrayList<>(e.methods());
                if (e.control() != null) {
                    all.add(e.control());
                }
                for (MethodEvaluation m : all) {
                    rows++;
                    if (!m.ok()) {
                        skipped.add(new UnitPartial.Skipped(e.recordId(), e.index(), m.method(), m.status().key(),
                                m.message()));
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            UnitPartial partial = UnitPartial.of(t.target(), unit.number(), evals.size(), rows, summary.state(),
                    components.state(), skipped);

            Path part = layout.recordsPart(t.target(), unit.number());
            Path partTmp = RunFiles.temporary(part, attemptTag);
            Files.createDirectories(part.getParent());
            Files.createDirectories(done.getParent());
            new ParquetRows(ScoreLayout.of(runSpec.config())).write(partTmp, evals, shares);
            if (plan.spec().faults().fails(unit.number(), attempt)) {
                throw new InjectedFailure("injected failure of unit " + unit.number() + " (attempt " + attempt
                        + ", fault_injection in the spec)");
            }
            Path sum = layout.unitSummary(t.target(), unit.number());
            Path sumTmp = RunFiles.temporary(sum, attemptTag);
            Files.write(sumTmp, RunFiles.encode(sum, partial));
            Map<String, String> files = new LinkedHashMap<>();
            files.put(layout.root().relativize(part).toString(), RunFiles.sha256(partTmp));
            files.put(layout.root().relativize(sum).toString(), RunFiles.sha256(sumTmp));
            Files.move(sumTmp, sum, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partTmp, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            UnitMarker marker = new UnitMarker(RunFiles.UNIT_FORMAT, RunFiles.FORMAT_VERSION, t.target(),
                    unit.number(), unit.from(), unit.to(), evals.size(), rows, skipped.size(), recordsSkipped,
                    recordsIncomplete, seconds,
                    pipeline.modelEvaluations() - before, attempt, application, files);
            Path doneTmp = RunFiles.temporary(done, attemptTag);
            Files.writeString(doneTmp, RunFiles.toJson(marker), StandardCharsets.UTF_8);
            Files.move(doneTmp, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ok = true;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("unit " + unit.number() + " (target " + t.target() + ", records "
                    + unit.from() + ".." + (unit.to() - 1) + " of the selection): " + e.getMessage(), e);
        } finally {
            if (ok) {
                ExecutorResources.giveBack(key, pipeline);
            } else {
                pipeline.close();
            }
        }
    }

    /** The failure fault injection raises. */
    static final class InjectedFailure extends HeatBenchException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
