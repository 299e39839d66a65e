package org.heatbench.results.run;

import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: provenance, state and counts of a run ({@code docs/RESULTS_FORMAT.md}). Written by the driver when
 * the run starts, when it ends and on any exit of the driver (a shutdown hook); read by resume and by the report.
 * JSON names are the components' names in snake case. Immutable.
 *
 * @param format {@value RunFiles#RUN_FORMAT}
 * @param formatVersion {@link RunFiles#FORMAT_VERSION}
 * @param runId the run id
 * @param state one of {@link #RUNNING}, {@link #COMPLETE}, {@link #DEGRADED}, {@link #PARTIAL}, {@link #FAILED},
 *     {@link #INTERRUPTED}
 * @param message why, when not complete (empty otherwise)
 * @param created ISO-8601 instant the run directory was created
 * @param finished ISO-8601 instant this state was written at the end (null while running)
 * @param application the Spark application id of the driver that wrote this (null before Spark started)
 * @param versions software versions
 * @param seed the spec's seed
 * @param dataset the store and the slice of it
 * @param targets target → model
 * @param methods canonical method specs in report order
 * @param perturbation perturbation preset and parameters
 * @param execution how it ran (changes no number)
 * @param gallery the gallery's records
 * @param counts units and rows, from the commit markers
 * @param timing seconds and the estimate (null while running)
 */
public record RunManifest(String format, int formatVersion, String runId, String state, String message, String created,
        String finished, String application, Versions versions, long seed, Dataset dataset, List<TargetInfo> targets,
        List<String> methods, Perturbation perturbation, Execution execution, Gallery gallery, Counts counts,
        Timing timing) {
    /** The driver is (or was, if it died without a trace) working. */
    public static final String RUNNING = "running";
    /** Every unit committed, skipped records within the threshold. */
    public static final String COMPLETE = "complete";
    /** Every unit committed, but the share of skipped records exceeds {@code max_skipped_share}. */
    public static final String DEGRADED = "degraded";
    /** The job stopped (a unit kept failing) before every unit committed. */
    public static final String PARTIAL = "partial";
    /** The driver failed before or outside the Spark stage. */
    public static final String FAILED = "failed";
    /** The driver was stopped (signal, shutdown) before it finished. */
    public static final String INTERRUPTED = "interrupted";

    /** @return this manifest with another state, message, finish time and counts */
    public RunManifest withState(String newState, String newMessage, String newFinished, Counts newCounts) {
        return new RunManifest(format, formatVersion, runId, newState, newMessage, created, newFinished, application,
                versions, seed, dataset, targets, methods, perturbation, execution, gallery, newCounts, timing);
    }

    /** @return this manifest with timing */
    public RunManifest withTiming(Timing newTiming) {
        return new RunManifest(format, formatVersion, runId, state, message, created, finished, application,
                versions, seed, dataset, targets, methods, perturbation, execution, gallery, counts, newTiming);
    }

    /** @return this manifest naming the driver's Spark application */
    public RunManifest withApplication(String newApplication) {
        return new RunManifest(format, formatVersion, runId, state, message, created, finished, newApplication,
                versions, seed, dataset, targets, methods, perturbation, execution, gallery, counts, timing);
    }

    /**
     * @param heatbench HeatBench's version
     * @param onnxruntime ONNX Runtime's version
     * @param spark Spark's version
     * @param java the Java runtime's version
     */
    public record Versions(String heatbench, String onnxruntime, String spark, String java) {
    }

    /**
     * @param path store directory as the spec gives it
     * @param kind store kind (synthetic, imported, ...)
     * @param source where the store's records came from
     * @param storeRecords records in the store
     * @param leads the store's leads
     * @param samplingRateHz sampling rate
     * @param samples samples per lead
     * @param split the selected split
     * @param limit at most this many records (0 = no limit)
     * @param ids explicit record ids, or null
     * @param selected records selected
     */
    public record Dataset(String path, String kind, String source, long storeRecords, List<String> leads,
            double samplingRateHz, int samples, String split, int limit, List<String> ids, int selected) {
    }

    /**
     * @param target target key
     * @param unit the target's unit (ms, µV, ...)
     * @param model model path as the spec gives it
     * @param modelSha256 SHA-256 of the model file's bytes
     * @param leads the leads the model takes, in order
     * @param outputIndex which output of the model
     * @param targetIndex which value of the output per record
     * @param card what the model's card says of its training and its real-ECG error; null when the model has no
     *             card (an optional field: run.json files without it read as null)
     */
    public record TargetInfo(String target, String unit, String model, String modelSha256, List<String> leads,
            int outputIndex, int targetIndex, ModelCard card) {

        /** A target whose model has no card. */
        public TargetInfo(String target, String unit, String model, String modelSha256, List<String> leads,
                int outputIndex, int targetIndex) {
            this(target, unit, model, modelSha256, leads, outputIndex, targetIndex, null);
        }
    }

    /**
     * A model card's provenance in brief (the card, {@code X.json} next to the model, is the training module's
     * format; {@code heatbench run} copies these fields when the run starts).
     *
     * @param card the card file
     * @param matchesModel whether the card's SHA-256 is the model's (false: the card describes another model)
     * @param trainedOn the training store's provenance source, or null
     * @param initialisedFromSha256 the model it was fine-tuned from, or null
     * @param addedTraining stores mixed into training, one line each (real medians, typically)
     * @param validationStore the store that selected the epoch when not the training store, or null
     * @param syntheticTestMae test MAE on the training store, or null
     * @param studyTestMae the reference study's MAE, or null
     * @param realCriterion the real-ECG criterion, or null
     * @param realN records with an independent reference that the model did not see in training, or null
     * @param realMae their MAE, or null
     * @param realAllWithin whether all met the criterion, or null
     * @param realStores per real store, one line (n, MAE, share within; seen in training)
     */
    public record ModelCard(String card, boolean matchesModel, String trainedOn, String initialisedFromSha256,
            List<String> addedTraining, String validationStore, Double syntheticTestMae, Double studyTestMae,
            String realCriterion, Integer realN, Double realMae, Boolean realAllWithin, List<String> realStores) {
    }

    /**
     * @param preset perturbation preset
     * @param parameters every perturbation parameter, canonical
     */
    public record Perturbation(String preset, Map<String, String> parameters) {
    }

    /**
     * @param master Spark master of the spec
     * @param partitions Spark tasks asked for (0 = one per pending unit)
     * @param unitRecords records per work unit
     * @param ortThreads ONNX Runtime threads per task
     * @param provider cpu or cuda
     * @param batchBudget memory budget of a batch
     * @param maxTaskFailures attempts per task
     * @param maxSkippedShare above this share of skipped records the run is {@link #DEGRADED}
     */
    public record Execution(String master, int partitions, int unitRecords, int ortThreads, String provider,
            String batchBudget, int maxTaskFailures, double maxSkippedShare) {
    }

    /**
     * @param records gallery records
     * @param recordIds their ids
     */
    public record Gallery(int records, List<String> recordIds) {
    }

    /**
     * @param unitsTotal units of the run
     * @param unitsDone units committed (markers whose files verify)
     * @param perTarget counts per target
     */
    public record Counts(int unitsTotal, int unitsDone, Map<String, TargetCounts> perTarget) {
    }

    /**
     * @param recordsSelected records selected for the target
     * @param records records evaluated in committed units
     * @param rows Parquet rows written
     * @param recordsSkipped records nothing could be evaluated on (non-finite input, output or attribution)
     * @param rowsWithoutCurves record × method rows without curves
     * @param recordsIncomplete records where some method produced no curve (the skipped share's numerator)
     */
    public record TargetCounts(long recordsSelected, long records, long rows, long recordsSkipped,
            long rowsWithoutCurves, long recordsIncomplete) {
    }

    /**
     * @param seconds wall time of the last invocation
     * @param estimatedSeconds the estimate made before the Spark stage
     * @param forwardRatePerSlot forwards per second of one task slot (measured on the driver)
     * @param slots task slots used
     * @param forwardEquivalents estimated forward passes of the pending units
     */
    public record Timing(double seconds, double estimatedSeconds, double forwardRatePerSlot, int slots,
            double forwardEquivalents) {
    }
}
