package org.heatbench.jobs.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An experiment as its spec file states it, every default filled in: which records, which model per target, which
 * attribution methods, how perturbation runs, the seed, where results go and how the work is executed. Values are
 * validated syntactically when read ({@link SpecReader}); files, models and the dataset are checked by
 * {@link org.heatbench.jobs.RunPlan} before Spark starts. Immutable, serializable.
 *
 * <p>{@link Execution} settings (master, partitions, unit size, threads, provider) do not change a single number on
 * the CPU provider. A run may be resumed with other execution settings except the unit size, which numbers the
 * committed units ({@link #resumeKey()}).
 *
 * @param runId the run's id: results go to {@code output/runId}
 * @param output the parent directory of runs
 * @param seed seeds randomised methods, perturbation noise and the gallery's choice of records
 * @param dataset the records
 * @param targets the explained targets, each with its model, in spec order
 * @param methods canonical method specs, in report order
 * @param perturbation the perturbation procedure
 * @param gallery how many records' attributions are kept for the report
 * @param execution how the work runs
 * @param faults fault injection for tests (empty in real runs)
 * @param maxSkippedShare above this share of records with a skipped method (non-finite input, output or attribution)
 *     the run ends {@code degraded} instead of {@code complete} (spec field {@code max_skipped_share}, default 0.05)
 */
public record ExperimentSpec(String runId, String output, long seed, DatasetSelection dataset,
        List<TargetModel> targets, List<String> methods, Perturbation perturbation, Gallery gallery,
        Execution execution, FaultInjection faults, double maxSkippedShare) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ExperimentSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(perturbation, "perturbation");
        Objects.requireNonNull(gallery, "gallery");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(faults, "faults");
        targets = List.copyOf(targets);
        methods = List.copyOf(methods);
        if (!(maxSkippedShare >= 0 && maxSkippedShare <= 1)) {
            throw new IllegalArgumentException("maxSkippedShare must be in [0, 1], got " + maxSkippedShare);
        }
    }

    /**
     * Which records of a store.
     *
     * @param path the store directory (a shared filesystem path on a cluster)
     * @param split train, val, test or all
     * @param limit at most this many records of the split, in store order; 0 = no limit
     * @param ids explicit record ids (then split and limit do not apply); empty = by split
     */
    public record DatasetSelection(String path, String split, int limit, List<String> ids) implements Serializable {
        private static final long serialVersionUID = 1L;

        public DatasetSelection {
            ids = List.copyOf(ids);
        }
    }

    /**
     * A target and the model explained for it.
     *
     * @param target target key ({@code qt}, ...)
     * @param model ONNX model path
     * @param outputIndex which model output
     * @param targetIndex which value of the output per record
     * @param inputScale factor the model expects on the store's µV input ({@code input_scale}; 0.001 for a model that
     *     takes millivolts), compiled into the model ({@code InputTransform}); 1 = none
     * @param withoutTruth {@code truth: false}: the store has no values of this target for the model's output (a
     *     classifier's logit, ...): only prediction changes are scored, errors are NaN and the records counted
     * @param classifier the classification settings of a {@code kind: classification} target; null for regression
     */
    public record TargetModel(String target, String model, int outputIndex, int targetIndex, double inputScale,
            boolean withoutTruth, Classifier classifier) implements Serializable {
        private static final long serialVersionUID = 3L;

        /** A regression target with truth, without an input transform. */
        public TargetModel(String target, String model, int outputIndex, int targetIndex) {
            this(target, model, outputIndex, targetIndex, 1.0, false, null);
        }

        /** A regression target. */
        public TargetModel(String target, String model, int outputIndex, int targetIndex, double inputScale,
                boolean withoutTruth) {
            this(target, model, outputIndex, targetIndex, inputScale, withoutTruth, null);
        }

        /** @return whether this is a class of a classifier ({@code kind: classification}) */
        public boolean isClassification() {
            return classifier != null;
        }
    }

    /**
     * The classification part of a {@code kind: classification} target (docs/PERTURBATION.md, "Classification
     * targets"). For such a target {@link TargetModel#targetIndex()} is the class's position in the output row (the
     * spec's {@code output_index}) and {@link TargetModel#outputIndex()} the model output, chosen by
     * {@code output_name} (default: the first output).
     *
     * @param activation {@code sigmoid}, {@code softmax} or {@code logit}
     * @param label the store label that is the truth ({@code record-metadata.jsonl}); empty with {@code truth: false}
     * @param outputName the model output's name; empty = the first output
     * @param logitCurve {@code curve: logit}: follow the logit instead of the probability
     * @param threshold the decision threshold on the probability
     * @param evidence the regression target key whose relevance mask is the class's evidence ({@code evidence: qrs});
     *     empty = the synthetic label's own ({@code SyntheticLabel}) or none
     */
    public record Classifier(String activation, String label, String outputName, boolean logitCurve,
            double threshold, String evidence) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The perturbation procedure: a preset and overrides, in {@code heatbench perturb}'s terms.
     *
     * @param preset {@code study} or {@code standard}
     * @param overrides option → value text: orders, regions, perturbation, steps, per_step, cumulative, score,
     *     auc_steps, relative_floor
     */
    public record Perturbation(String preset, Map<String, String> overrides) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Perturbation {
            overrides = Map.copyOf(overrides);
        }
    }

    /**
     * Records whose attributions are saved for the report's heatmap gallery.
     *
     * @param records how many (drawn with the seed from the selection) when {@code ids} is empty; 0 = no gallery
     * @param ids explicit record ids
     */
    public record Gallery(int records, List<String> ids) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Gallery {
            ids = List.copyOf(ids);
        }
    }

    /**
     * How the work is executed; none of it changes results.
     *
     * @param master Spark master ({@code local[2]}, ...); empty = take it from {@code spark-submit}
     * @param partitions Spark tasks the pending units are spread over; 0 = the context's default parallelism
     * @param unitRecords records per work unit (the commit granule)
     * @param ortThreads ONNX Runtime intra-op threads per task
     * @param provider {@code cpu} or {@code cuda}
     * @param batchBudget perturbed inputs per model run, as bytes ({@code 8MiB})
     * @param maxRows rows per ONNX Runtime run of sampling methods
     * @param maxTaskFailures attempts per task before the job fails (local mode; on a cluster
     *     {@code spark.task.maxFailures})
     */
    public record Execution(String master, int partitions, int unitRecords, int ortThreads, String provider,
            String batchBudget, int maxRows, int maxTaskFailures) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Test switch: the first {@code attempts} attempts of the listed units fail after writing part of their output,
     * as a crashed executor would.
     *
     * @param units unit numbers (in run order: target-major, then record range)
     * @param attempts failing attempts per listed unit
     */
    public record FaultInjection(Set<Integer> units, int attempts) implements Serializable {
        private static final long serialVersionUID = 1L;

        public FaultInjection {
            units = Set.copyOf(units);
        }

        /** No faults. */
        public static FaultInjection none() {
            return new FaultInjection(Set.of(), 0);
        }

        /** @return whether an attempt of a unit is to fail */
        public boolean fails(int unit, int attempt) {
            return units.contains(unit) && attempt < attempts;
        }
    }

    /** @return what must not change when a run is resumed: everything that determines numbers, and the unit size */
    public List<Object> resumeKey() {
        return List.of(seed, dataset, targets, methods, perturbation, gallery, execution.unitRecords());
    }

    public ExperimentSpec withRunId(String id) {
        return new ExperimentSpec(id, output, seed, dataset, targets, methods, perturbation, gallery, execution, faults,
                maxSkippedShare);
    }

    public ExperimentSpec withOutput(String o) {
        return new ExperimentSpec(runId, o, seed, dataset, targets, methods, perturbation, gallery, execution, faults,
                maxSkippedShare);
    }

    public ExperimentSpec withExecution(Execution e) {
        return new ExperimentSpec(runId, output, seed, dataset, targets, methods, perturbation, gallery, e, faults,
                maxSkippedShare);
    }

    public ExperimentSpec withFaults(FaultInjection f) {
        return new ExperimentSpec(runId, output, seed, dataset, targets, methods, perturbation, gallery, execution, f,
                maxSkippedShare);
    }
}
