package org.heatbench.jobs;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.truth.SyntheticLabel;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.InputTransform;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.Provider;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.run.ClassTarget;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.RecordSelection;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.results.RunLayout;

/**
 * A spec checked against the files it names and resolved into work: the selected store indices, each target's
 * model (bytes, hash, lead layout), the perturbation configuration per target and the work units. Everything a user
 * can get wrong is found here, in seconds, before Spark starts: a missing or foreign dataset or model, an unknown
 * record id, a target without values in the selection, a model whose lead count or length the store cannot feed,
 * an output index the model lacks, a schedule longer than the record. Errors name the spec field.
 *
 * <p>Serializable: tasks receive it (model bytes travel separately, by broadcast). Immutable.
 *
 * @param spec the spec
 * @param storePath the dataset directory, absolute
 * @param runDir the run directory, absolute
 * @param indices selected store indices, in store order
 * @param targets per target, in spec order
 * @param units the work units, target-major
 * @param gallery store indices of the gallery's records, sorted (empty: no gallery)
 * @param galleryIds their record ids, in the same order
 * @param storeInfo facts of the store for provenance
 */
public record RunPlan(ExperimentSpec spec, String storePath, String runDir, int[] indices, List<TargetPlan> targets,
        List<Unit> units, int[] gallery, List<String> galleryIds, Map<String, Object> storeInfo)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * One target's model and settings.
     *
     * @param target target key
     * @param unit the target's unit
     * @param model the model path as given
     * @param sha256 the model's hash (also the key of its bytes in the broadcast)
     * @param leads lead labels fed to the model
     * @param outputIndex model output
     * @param targetIndex value within the output
     */
    public record TargetPlan(String target, String unit, String model, String sha256, List<String> leads,
            int outputIndex, int targetIndex) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** @return the lead layout */
        public List<Lead> leadList() {
            return Lead.parseAll(leads);
        }
    }

    /**
     * A work unit: a range of the selection for one target; the commit granule.
     *
     * @param number the unit's number in the run
     * @param target target key
     * @param from first position in the selection, inclusive
     * @param to last position, exclusive
     */
    public record Unit(int number, String target, int from, int to) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** @return records in the unit */
        public int size() {
            return to - from;
        }
    }

    /**
     * Checks a spec against its files and plans the run.
     *
     * @param models receives each distinct model's bytes by hash (for shipping to executors)
     * @throws ConfigurationException naming the spec field at fault
     */
    public static RunPlan create(ExperimentSpec spec, MethodRegistry registry, Map<String, byte[]> models) {
        Path storePath = Path.of(spec.dataset().path()).toAbsolutePath().normalize();
        if (!Files.isDirectory(storePath)) {
            throw new ConfigurationException("dataset.path: " + spec.dataset().path() + " is not a directory (a "
                    + "median-beat store; make one with 'heatbench dataset generate' or 'import')");
        }
        Path runDir = RunLayout.of(Path.of(spec.output()), spec.runId()).root().toAbsolutePath().normalize();
        for (String m : spec.methods()) {
            registry.create(m);
        }
        try (EcgStore store = openStore(storePath, spec)) {
            int[] indices = select(store, spec);
            List<TargetPlan> targets = new ArrayList<>();
            for (ExperimentSpec.TargetModel tm : spec.targets()) {
                targets.add(target(tm, spec, store, indices, models));
            }
            int[] gallery = gallery(spec, store, indices);
            List<Unit> units = new ArrayList<>();
            int size = spec.execution().unitRecords();
            for (TargetPlan t : targets) {
                for (int from = 0; from < indices.length; from += size) {
                    units.add(new Unit(units.size(), t.target(), from, Math.min(indices.length, from + size)));
                }
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("path", spec.dataset().path());
            info.put("kind", store.spec().provenance().kind());
            info.put("source", store.spec().provenance().source());
            info.put("store_records", store.size());
            info.put("leads", Lead.labels(store.leads()));
            info.put("sampling_rate_hz", store.samplingRateHz());
            info.put("samples", store.samples());
            info.put("split", spec.dataset().split());
            info.put("limit", spec.dataset().limit());
            info.put("ids", spec.dataset().ids().isEmpty() ? null : spec.dataset().ids());
            info.put("selected", indices.length);
            return new RunPlan(spec, storePath.toString(), runDir.toString(), indices, targets, units, gallery,
                    Arrays.stream(gallery).mapToObj(store::id).toList(), info);
        }
    }

    /** The gallery's records: the spec's ids (which must be selected), or {@code records} drawn with the seed. */
    private static int[] gallery(ExperimentSpec spec, EcgStore store, int[] indices) {
        ExperimentSpec.Gallery g = spec.gallery();
        if (!g.ids().isEmpty()) {
            int[] out = new int[g.ids().size()];
            for (int k = 0; k < out.length; k++) {
                OptionalInt i = store.indexOf(g.ids().get(k));
                if (i.isEmpty() || Arrays.binarySearch(indices, i.getAsInt()) < 0) {
                    throw new ConfigurationException("gallery.ids[" + k + "]: record '" + g.ids().get(k)
                            + "' is not among the selected records");
                }
                out[k] = i.getAsInt();
            }
            return Arrays.stream(out).sorted().distinct().toArray();
        }
        int[] sel = indices.clone();
        int k = Math.min(g.records(), sel.length);
        SplittableRandom rnd = new SplittableRandom(spec.seed() ^ 0x6A09E667F3BCC909L);
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(sel.length - i);
            int tmp = sel[i];
            sel[i] = sel[j];
            sel[j] = tmp;
        }
        int[] out = Arrays.copyOf(sel, k);
        Arrays.sort(out);
        return out;
    }

    private static EcgStore openStore(Path storePath, ExperimentSpec spec) {
        try {
            return EcgStore.open(storePath);
        } catch (HeatBenchException e) {
            throw new ConfigurationException("dataset.path: " + e.getMessage(), e);
        }
    }

    private static int[] select(EcgStore store, ExperimentSpec spec) {
        ExperimentSpec.DatasetSelection d = spec.dataset();
        return new RecordSelection(d.split(), d.limit(), d.ids()).indices(store, RecordSelection.Names.SPEC);
    }

    private static TargetPlan target(ExperimentSpec.TargetModel tm, ExperimentSpec spec, EcgStore store,
            int[] indices, Map<String, byte[]> models) {
        String field = "targets." + tm.target();
        Target target = SpecReader.presetTarget(tm);
        Path file = Path.of(tm.model());
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(field + ": model file " + tm.model() + " does not exist");
        }
        OnnxModel model;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            // load from the file: tensor data in external files is read from the model's own folder (and only
            // there) and inlined; the executors then get the inlined model, never a file name
            model = OnnxModel.load(file);
            if (!model.sha256().equals(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)))) {
                bytes = model.toBytes();
            }
            if (tm.inputScale() != 1.0) {
                // the store stays in µV: the model's expected unit is compiled into the model that is shipped
                model = InputTransform.scale(tm.inputScale()).applyTo(model);
                bytes = model.toBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        } catch (HeatBenchException e) {
            throw new ConfigurationException(field + ": " + e.getMessage(), e);
        }
        List<Lead> leads;
        try {
            leads = PerturbationRunner.leadsFor(model, store);
        } catch (HeatBenchException e) {
            throw new ConfigurationException(field + ": " + e.getMessage(), e);
        }
        if (tm.isClassification()) {
            return classTarget(tm, spec, store, indices, models, model, bytes, leads);
        }
        if (tm.outputIndex() >= model.outputNames().size()) {
            throw new ConfigurationException(field + ".output_index: " + tm.outputIndex() + " but model " + tm.model()
                    + " has " + model.outputNames().size() + " output(s) " + model.outputNames());
        }
        double[] values = store.targetValues(target);
        int with = 0;
        for (int i : indices) {
            if (!Double.isNaN(values[i])) {
                with++;
            }
        }
        if (with == 0 && !tm.withoutTruth()) {
            throw new ConfigurationException(field + ": the dataset at " + spec.dataset().path() + " has no "
                    + target.key() + " values for the " + indices.length + " selected records (a model output "
                    + "without truth, such as a classifier's logit, is declared with truth: false)");
        }
        PerturbationConfig config = config(spec, target);
        try {
            config.requireFits(leads.size(), store.samples());
        } catch (HeatBenchException e) {
            throw new ConfigurationException("perturbation: " + e.getMessage() + " (target " + target.key() + ")", e);
        }
        models.put(model.sha256(), bytes);
        return new TargetPlan(target.key(), target.unit(), tm.model(), model.sha256(), Lead.labels(leads),
                tm.outputIndex(), tm.targetIndex());
    }

    private static TargetPlan classTarget(ExperimentSpec.TargetModel tm, ExperimentSpec spec, EcgStore store,
            int[] indices, Map<String, byte[]> models, OnnxModel model, byte[] bytes, List<Lead> leads) {
        String field = "targets." + tm.target();
        ExperimentSpec.Classifier c = tm.classifier();
        int output = 0;
        if (!c.outputName().isEmpty()) {
            output = model.outputNames().indexOf(c.outputName());
            if (output < 0) {
                throw new ConfigurationException(field + ".output_name: model " + tm.model() + " has no output '"
                        + c.outputName() + "'; its outputs are " + model.outputNames());
            }
        }
        if (!tm.withoutTruth()) {
            double[] truth = labels(store, c.label(), field);
            int with = 0;
            for (int i : indices) {
                with += Double.isNaN(truth[i]) ? 0 : 1;
            }
            if (with == 0) {
                throw new ConfigurationException(field + ".label: none of the " + indices.length + " selected records "
                        + "of " + spec.dataset().path() + " is labelled (declare truth: false for change curves only)");
            }
        }
        PerturbationConfig config = config(spec, tm.target());
        try {
            config.requireFits(leads.size(), store.samples());
        } catch (HeatBenchException e) {
            throw new ConfigurationException("perturbation: " + e.getMessage() + " (target " + tm.target() + ")", e);
        }
        models.put(model.sha256(), bytes);
        return new TargetPlan(tm.target(), c.logitCurve() ? "logit" : "probability", tm.model(), model.sha256(),
                Lead.labels(leads), output, tm.targetIndex());
    }

    /**
     * @return per store index the likelihood of store label {@code label} ({@link LabelColumn}: the sidecar's, or a
     *     synthetic label derived from the measured targets), NaN where the record is unlabelled
     * @throws ConfigurationException when the store has no such label and it is not synthetic, naming the known
     *     labels
     */
    static double[] labels(EcgStore store, String label, String field) {
        return ClassTarget.labelsOf(store, label, field + ".label");
    }

    /** The perturbation configuration of a target by key (regression or classification). */
    public static PerturbationConfig config(ExperimentSpec spec, String targetKey) {
        ExperimentSpec.TargetModel tm = spec.targets().stream().filter(t -> t.target().equals(targetKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target " + targetKey));
        return config(spec, SpecReader.presetTarget(tm));
    }

    /** The perturbation configuration of a target. */
    public static PerturbationConfig config(ExperimentSpec spec, Target target) {
        return PerturbationConfig.preset(spec.perturbation().preset(), target)
                .withOverrides(spec.perturbation().overrides());
    }

    /** @return the results layout */
    public RunLayout layout() {
        return new RunLayout(Path.of(runDir));
    }

    /** @return a target's plan */
    public TargetPlan target(String key) {
        return targets.stream().filter(t -> t.target().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target " + key));
    }

    /** @return the selection positions [from, to) as store indices */
    public int[] indices(int from, int to) {
        return Arrays.copyOfRange(indices, from, to);
    }

    /** @return ONNX Runtime settings of one task's sessions */
    public ExecutionOptions executionOptions() {
        ExperimentSpec.Execution e = spec.execution();
        return ExecutionOptions.defaults().withProvider(Provider.parse(e.provider())).withIntraOpThreads(e.ortThreads())
                .withMaxBatchRows(e.maxRows());
    }

    /** The single-model run settings of a target, with methods built by {@code registry}. */
    public RunSpec runSpec(TargetPlan t, MethodRegistry registry) {
        List<AttributionMethod> methods = spec.methods().stream().map(registry::create).toList();
        ExperimentSpec.TargetModel tm = spec.targets().stream().filter(x -> x.target().equals(t.target()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no target " + t.target()));
        Target target = SpecReader.presetTarget(tm);
        RunSpec rs = RunSpec.of(target, methods, config(spec, target), spec.seed()).withOutput(t.outputIndex(),
                t.targetIndex()).withExecution(executionOptions()).withBudget(BatchBudget.parse(
                        spec.execution().batchBudget())).withChunkRecords(spec.execution().unitRecords());
        if (!tm.isClassification()) {
            return rs;
        }
        ExperimentSpec.Classifier c = tm.classifier();
        double[] truth;
        if (tm.withoutTruth()) {
            truth = new double[0];
        } else {
            try (EcgStore store = EcgStore.open(Path.of(storePath))) {
                truth = labels(store, c.label(), "targets." + tm.target());
            }
        }
        Classification cls = new Classification(Classification.Activation.parse(c.activation()), c.logitCurve(),
                c.threshold());
        // evidence: the named regression target's mask, else a synthetic label's own mask (the PR interval for AVB1, ...)
        Target evidence = !c.evidence().isEmpty() ? Target.parse(c.evidence()) : null;
        SyntheticLabel labelEvidence = evidence == null ? SyntheticLabel.byLabel(c.label()).orElse(null) : null;
        return rs.withClassTarget(new ClassTarget(tm.target(), cls, c.label(), truth, evidence, labelEvidence));
    }
}
