package org.heatbench.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.Progress;
import org.heatbench.perturbation.run.RunResult;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identical results for 1 vs several workers, chunk sizes (partitions), batch budgets and intra-op threads. */
class RunnerDeterminismTest {
    @TempDir
    static Path tmp;
    private static Path store;

    @BeforeAll
    static void makeStore() {
        store = Fixtures.store(tmp.resolve("store"), 9, Lead.STANDARD_12);
    }

    record Outcome(List<String> records, PerturbationSummary summary, RunResult result, List<Progress> progress) {
    }

    static Outcome run(int workers, int chunk, int threads, BatchBudget budget) {
        OnnxModel model = TestModels.smallCnn(8, 600, 41);
        MethodRegistry reg = MethodRegistry.standard();
        List<AttributionMethod> methods = List.of(reg.create("saliency:abs=false"), reg.create("smoothgrad:samples=2"),
                reg.create("random"));
        PerturbationConfig config = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(12));
        RunSpec spec = RunSpec.of(Target.QT, methods, config, 77).withWorkers(workers).withChunkRecords(chunk)
                .withExecution(ExecutionOptions.defaults().withIntraOpThreads(threads)).withBudget(budget);
        List<String> records = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();
        try (EcgStore s = EcgStore.open(store)) {
            int[] indices = IntStream.range(0, s.size()).toArray();
            RunResult r = PerturbationRunner.run(model, s, indices, spec,
                    e -> records.add(EvaluationFixtures.canonical(e)), progress::add);
            return new Outcome(records, r.summary().finish(), r, progress);
        }
    }

    @Test
    void resultsDoNotDependOnWorkersChunksBudgetOrThreads() {
        Outcome one = run(1, 16, 1, BatchBudget.DEFAULT);
        assertEquals(9, one.records().size());
        assertEquals(Lead.INDEPENDENT_8, one.result().leads(), "a 12-lead store is read as the model's 8 leads");
        assertEquals(9 * (1 + 12 * (3 * 2 + 1)), one.result().modelEvaluations());
        assertTrue(one.records().get(0).startsWith("synth-00000000|0|qt|"));
        Progress last = one.progress().get(one.progress().size() - 1);
        assertEquals(9, last.recordsDone());
        assertEquals(9, last.recordsTotal());

        Outcome many = run(2, 2, 1, BatchBudget.ofRows(5, 8, 600));
        assertEquals(one.records(), many.records());
        assertEquals(one.summary(), many.summary());

        Outcome singles = run(1, 1, 2, BatchBudget.ofRows(3, 8, 600));
        assertEquals(one.records(), singles.records());
        assertEquals(one.summary(), singles.summary());
    }
}
