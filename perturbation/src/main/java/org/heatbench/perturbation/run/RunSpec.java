package org.heatbench.perturbation.run;

import java.util.List;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.BatchBudget;

/**
 * What a single-model perturbation run does. Immutable; use the withers.
 *
 * @param target the explained target (truth values and relevance masks come from it)
 * @param methods the attribution methods, in output order
 * @param config the perturbation procedure
 * @param seed seeds attributions (randomised methods) and perturbation streams, per record id
 * @param outputIndex which model output is explained
 * @param targetIndex which value of each record's output
 * @param execution ONNX Runtime settings per worker ({@code intraOpThreads = 0}: all cores shared by the workers)
 * @param budget perturbed inputs per model run
 * @param workers parallel workers, each with its own sessions; results do not depend on it
 * @param chunkRecords records a worker attributes and evaluates together; results do not depend on it
 * @param classTarget a classifier's class explained instead of a regression quantity (truth from a store label,
 *     classification curves, the evidence mask of {@link ClassTarget#evidence()}); null for a regression target.
 *     {@code target} then only chooses the preset's relative floor, which classification curves do not use
 */
public record RunSpec(Target target, List<AttributionMethod> methods, PerturbationConfig config, long seed,
        int outputIndex, int targetIndex, ExecutionOptions execution, BatchBudget budget, int workers,
        int chunkRecords, ClassTarget classTarget) {

    public RunSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(budget, "budget");
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new ConfigurationException("at least one attribution method is needed");
        }
        if (methods.stream().map(m -> m.spec().toString()).distinct().count() != methods.size()) {
            throw new ConfigurationException("a method is listed twice: "
                    + methods.stream().map(m -> m.spec().toString()).toList());
        }
        if (workers < 1) {
            throw new ConfigurationException("workers must be >= 1, got " + workers);
        }
        if (chunkRecords < 1) {
            throw new ConfigurationException("records per chunk must be >= 1, got " + chunkRecords);
        }
    }

    /** Output 0, value 0, default execution, default budget, one worker, chunks of 16 records. */
    public static RunSpec of(Target target, List<AttributionMethod> methods, PerturbationConfig config, long seed) {
        return new RunSpec(target, methods, config, seed, 0, 0, ExecutionOptions.defaults(), BatchBudget.DEFAULT, 1, 16,
                null);
    }

    /** @return the target key: the class target's, else the regression target's */
    public String key() {
        return classTarget != null ? classTarget.key() : target.key();
    }

    /** @return the classification scoring, null for a regression target */
    public org.heatbench.perturbation.eval.Classification classification() {
        return classTarget == null ? null : classTarget.classification();
    }

    public RunSpec withClassTarget(ClassTarget c) {
        return new RunSpec(target, methods, config, seed, outputIndex, targetIndex, execution, budget, workers,
                chunkRecords, c);
    }

    /** @return the canonical method names, in order */
    public List<String> methodNames() {
        return methods.stream().map(m -> m.spec().toString()).toList();
    }

    public RunSpec withOutput(int output, int index) {
        return new RunSpec(target, methods, config, seed, output, index, execution, budget, workers, chunkRecords,
                classTarget);
    }

    public RunSpec withExecution(ExecutionOptions e) {
        return new RunSpec(target, methods, config, seed, outputIndex, targetIndex, e, budget, workers, chunkRecords,
                classTarget);
    }

    public RunSpec withBudget(BatchBudget b) {
        return new RunSpec(target, methods, config, seed, outputIndex, targetIndex, execution, b, workers, chunkRecords,
                classTarget);
    }

    public RunSpec withWorkers(int w) {
        return new RunSpec(target, methods, config, seed, outputIndex, targetIndex, execution, budget, w, chunkRecords,
                classTarget);
    }

    public RunSpec withChunkRecords(int c) {
        return new RunSpec(target, methods, config, seed, outputIndex, targetIndex, execution, budget, workers, c,
                classTarget);
    }
}
