package org.heatbench.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
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
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.run.ChunkEvaluator;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.heatbench.results.RunLayout;

/**
 * The work of one unit, on an executor: read the unit's records, attribute them with every method, compute the
 * component shares, run perturbation, then commit — the Parquet rows and the partial statistics under hidden
 * temporary names, renamed into place, and the {@code .done} marker renamed last. A unit with a marker is never
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
     * @param attemptId a unique id of this attempt (temporary file names)
     * @return whether the unit was computed (false: already committed)
     */
    static boolean run(RunPlan plan, RunPlan.Unit unit, java.util.function.Function<String, byte[]> modelBytes,
            int attempt, long attemptId) {
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
            List<RecordInput> inputs = pipeline.attribute(batch);
            List<String> methods = pipeline.methodNames();
            ComponentShares components = ComponentShares.create(methods);
            List<Map<String, double[]>> shares = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Map<String, double[]> s = new LinkedHashMap<>();
                for (String m : methods) {
                    double[] sh = ComponentShares.of(inputs.get(i).attributions().get(m), store.samples(),
                            batch.fiducials(i), store.samplingRateHz());
                    s.put(m, sh);
                }
                shares.add(s);
            }
            List<RecordEvaluation> evals = pipeline.evaluate(inputs);
            SummaryAccumulator summary = SummaryAccumulator.create(runSpec.config(), t.target(), methods);
            List<UnitPartial.Skipped> skipped = new ArrayList<>();
            int rows = 0;
            int recordsSkipped = 0;
            for (int i = 0; i < evals.size(); i++) {
                RecordEvaluation e = evals.get(i);
                summary.accept(e);
                if (e.status() != MethodStatus.OK) {
                    recordsSkipped++;
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
                if (e.status() == MethodStatus.OK) {
                    // a record with non-finite input was never attributed: its all-zero maps have no shares anyway
                    for (String m : methods) {
                        components.accept(m, shares.get(i).get(m));
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            UnitPartial partial = new UnitPartial(t.target(), unit.number(), evals.size(), rows, summary, components,
                    skipped, seconds, pipeline.modelEvaluations() - before);

            Path part = layout.recordsPart(t.target(), unit.number());
            Path partTmp = hidden(part, attemptId);
            Files.createDirectories(part.getParent());
            Files.createDirectories(done.getParent());
            new ParquetRows(ScoreLayout.of(runSpec.config())).write(partTmp, evals, shares);
            if (plan.spec().faults().fails(unit.number(), attempt)) {
                throw new InjectedFailure("injected failure of unit " + unit.number() + " (attempt " + attempt
                        + ", fault_injection in the spec)");
            }
            Path sum = layout.unitSummary(t.target(), unit.number());
            Path sumTmp = hidden(sum, attemptId);
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(sumTmp))) {
                out.writeObject(partial);
            }
            Files.move(sumTmp, sum, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partTmp, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ObjectMapper om = new ObjectMapper();
            ObjectNode marker = om.createObjectNode();
            marker.put("target", t.target());
            marker.put("unit", unit.number());
            marker.put("from", unit.from());
            marker.put("to", unit.to());
            marker.put("records", evals.size());
            marker.put("rows", rows);
            marker.put("skipped", skipped.size());
            marker.put("records_skipped", recordsSkipped);
            marker.put("seconds", seconds);
            marker.put("model_evaluations", partial.modelEvaluations());
            marker.put("attempt", attempt);
            Path doneTmp = hidden(done, attemptId);
            om.writeValue(doneTmp.toFile(), marker);
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

    /** A hidden temporary sibling (Spark and Parquet readers skip names starting with '.'). */
    static Path hidden(Path file, long attemptId) {
        return file.resolveSibling("." + file.getFileName() + "." + attemptId + ".tmp");
    }

    /** The failure fault injection raises. */
    static final class InjectedFailure extends HeatBenchException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
