package org.heatbench.jobs.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Target;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.results.RunLayout;

/**
 * Reads an experiment spec (YAML or JSON; YAML is a superset) into an {@link ExperimentSpec}, filling defaults and
 * checking every field's syntax: unknown keys, wrong types, unknown targets, methods, presets and perturbation
 * options are reported with the field's path ({@code methods[3]}, {@code execution.unit_records}). Nothing on disk
 * is touched besides the spec file; see {@link org.heatbench.jobs.RunPlan} for the checks against files.
 *
 * <p>The format, with defaults:
 * <pre>
 * run_id: NAME                 # required; results go to output/run_id
 * output: results
 * seed: 0
 * dataset:
 *   path: data/default         # required
 *   split: test                # train | val | test | all
 *   limit: 0                   # 0 = every record of the split
 *   ids: []                    # explicit record ids instead of split/limit
 * targets:                     # required: target -&gt; model, or {model, output_index, target_index, input_scale, truth}
 *   qt: models/qt.onnx
 * methods: study_lrp           # a preset, a list of NAME[:k=v,...], or {preset: P, add: [...]}
 * perturbation:
 *   preset: study              # study | standard; plus overrides: orders, regions, perturbation, steps,
 *                              # per_step, cumulative, score, auc_steps, relative_floor
 * gallery:
 *   records: 6                 # records whose attributions are kept for the report (0 = none)
 *   ids: []
 * execution:
 *   master: "local[*]"         # "" under spark-submit
 *   partitions: 0              # 0 = Spark's default parallelism
 *   unit_records: 16
 *   ort_threads: 1
 *   provider: cpu
 *   batch_budget: 8MiB
 *   max_rows: 128
 *   max_task_failures: 4
 * fault_injection:             # tests only
 *   units: []
 *   attempts: 1
 * </pre>
 */
public final class SpecReader {
    /** Most methods one run (or one {@code heatbench perturb}) evaluates: a bound checked before any work. */
    public static final int MAX_METHODS = 100;

    private static final Set<String> TOP = Set.of("run_id", "output", "seed", "dataset", "targets", "methods",
            "perturbation", "gallery", "execution", "fault_injection", "max_skipped_share");

    private final MethodRegistry registry;

    private SpecReader(MethodRegistry registry) {
        this.registry = registry;
    }

    /** A reader that resolves method names with {@code registry}. */
    public static SpecReader create(MethodRegistry registry) {
        return new SpecReader(registry);
    }

    /**
     * Reads a spec file.
     *
     * @throws InvalidInputException naming the file when it cannot be read or parsed
     * @throws ConfigurationException naming the file and field when a value is invalid
     */
    public ExperimentSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read spec file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (ConfigurationException e) {
            throw new ConfigurationException("spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses spec text (YAML or JSON). */
    public ExperimentSpec parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("not valid YAML/JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigurationException("the spec must be a mapping of fields (run_id, dataset, targets, ...)");
        }
        return parse((ObjectNode) root);
    }

    private ExperimentSpec parse(ObjectNode root) {
        keys(root, "", TOP);
        String runId = RunLayout.requireSafe("run_id", text(root, "run_id", null, ""));
        String output = text(root, "output", "results", "");
        long seed = integer(root, "seed", 0L, "");

        ObjectNode ds = object(root, "dataset", true, "");
        keys(ds, "dataset.", Set.of("path", "split", "limit", "ids"));
        String split = text(ds, "split", "test", "dataset.").toLowerCase(Locale.ROOT);
        if (!List.of("train", "val", "test", "all").contains(split)) {
            throw new ConfigurationException("dataset.split: '" + split + "' is not one of train, val, test, all");
        }
        long limitValue = integer(ds, "limit", 0L, "dataset.");
        if (limitValue > Integer.MAX_VALUE) {
            throw new ConfigurationException("dataset.limit " + limitValue + " exceeds the largest store ("
                    + Integer.MAX_VALUE + " records)");
        }
        int limit = (int) limitValue;
        if (limit < 0) {
            throw new ConfigurationException("dataset.limit must be >= 0 (0 = no limit), got " + limit);
        }
        ExperimentSpec.DatasetSelection dataset = new ExperimentSpec.DatasetSelection(text(ds, "path", null,
                "dataset."), split, limit, strings(ds, "ids", "dataset."));

        List<ExperimentSpec.TargetModel> targets = targets(root);
        List<String> methods = methods(root.get("methods"));
        ExperimentSpec.Perturbation perturbation = perturbation(root);
        for (ExperimentSpec.TargetModel t : targets) {
            // overrides are checked per target: relative floors and schedules depend on it
            PerturbationConfig.preset(perturbation.preset(), presetTarget(t))
                    .withOverrides(perturbation.overrides());
        }

        ObjectNode g = object(root, "gallery", false, "");
        keys(g, "gallery.", Set.of("records", "ids"));
        int galleryRecords = (int) integer(g, "records", 6L, "gallery.");
        if (galleryRecords < 0 || galleryRecords > 1000) {
            throw new ConfigurationException("gallery.records must be 0..1000, got " + galleryRecords);
        }
        ExperimentSpec.Gallery gallery = new ExperimentSpec.Gallery(galleryRecords, strings(g, "ids", "gallery."));

        ObjectNode ex = object(root, "execution", false, "");
        keys(ex, "execution.", Set.of("master", "partitions", "unit_records", "ort_threads", "provider",
                "batch_budget", "max_rows", "max_task_failures"));
        ExperimentSpec.Execution execution = new ExperimentSpec.Execution(text(ex, "master", "local[*]", "execution."),
                positive(ex, "partitions", 0, 0, "execution."), positive(ex, "unit_records", 16, 1, "execution."),
                positive(ex, "ort_threads", 1, 0, "execution."),
                text(ex, "provider", "cpu", "execution.").toLowerCase(Locale.ROOT),
                text(ex, "batch_budget", "8MiB", "execution."), positive(ex, "max_rows", 128, 1, "execution."),
                positive(ex, "max_task_failures", 4, 1, "execution."));
        if (!List.of("cpu", "cuda").contains(execution.provider())) {
            throw new ConfigurationException("execution.provider: '" + execution.provider() + "' is not cpu or cuda");
        }
        try {
            org.heatbench.perturbation.eval.BatchBudget.parse(execution.batchBudget());
        } catch (RuntimeException e) {
            throw new ConfigurationException("execution.batch_budget: " + e.getMessage(), e);
        }

        ObjectNode f = object(root, "fault_injection", false, "");
        keys(f, "fault_injection.", Set.of("units", "attempts"));
        Set<Integer> units = new LinkedHashSet<>();
        for (String u : strings(f, "units", "fault_injection.")) {
            try {
                units.add(Integer.parseInt(u));
            } catch (NumberFormatException e) {
                throw new ConfigurationException("fault_injection.units: '" + u + "' is not a unit number", e);
            }
        }
        ExperimentSpec.FaultInjection faults = new ExperimentSpec.FaultInjection(units,
                positive(f, "attempts", 1, 0, "fault_injection."));
        double maxSkipped = 0.05;
        JsonNode ms = root.get("max_skipped_share");
        if (ms != null && !ms.isNull()) {
            if (!ms.isNumber() || !(ms.asDouble() >= 0 && ms.asDouble() <= 1)) {
                throw new ConfigurationException("max_skipped_share: '" + ms.asText() + "' is not a share in [0, 1]");
            }
            maxSkipped = ms.asDouble();
        }
        return new ExperimentSpec(runId, output, seed, dataset, targets, methods, perturbation, gallery, execution,
                faults, maxSkipped);
    }

    /**
     * @return the regression target whose preset a target uses: its own, or for a classification target QT (only the
     *     relative-error floor depends on it, which classification curves do not use)
     */
    public static Target presetTarget(ExperimentSpec.TargetModel t) {
        return t.isClassification() ? Target.QT : Target.parse(t.target());
    }

    private List<ExperimentSpec.TargetModel> targets(ObjectNode root) {
        ObjectNode t = object(root, "targets", true, "");
        if (t.isEmpty()) {
            throw new ConfigurationException("targets: name at least one target and its model, e.g. 'qt: models/qt.onnx'");
        }
        List<ExperimentSpec.TargetModel> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "targets." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("kind") && !"regression".equals(v.get("kind").asText())) {
                ExperimentSpec.TargetModel c = classification(e.getKey(), (ObjectNode) v, field);
                if (!seen.add(c.target())) {
                    throw new ConfigurationException(field + ": target " + c.target() + " is listed twice");
                }
                out.add(c);
                continue;
            }
            Target target;
            try {
                target = Target.parse(e.getKey());
            } catch (RuntimeException ex) {
                throw new ConfigurationException(field + ": " + ex.getMessage() + " (a classifier's class is declared "
                        + "with kind: classification)", ex);
            }
            if (!seen.add(target.key())) {
                throw new ConfigurationException(field + ": target " + target.key() + " is listed twice");
            }
            if (v.isTextual()) {
                out.add(new ExperimentSpec.TargetModel(target.key(), v.asText(), 0, 0));
            } else if (v.isObject()) {
                ObjectNode o = (ObjectNode) v;
                keys(o, field + ".", Set.of("model", "output_index", "target_index", "input_scale",
                        "truth", "kind"));
                double scale = inputScale(o, field);
                out.add(new ExperimentSpec.TargetModel(target.key(), text(o, "model", null, field + "."),
                        positive(o, "output_index", 0, 0, field + "."), positive(o, "target_index", 0, 0, field + "."),
                        scale, truthless(o, field)));
            } else {
                throw new ConfigurationException(field + ": expected a model path or {model: ..., output_index: ...}");
            }
        }
        return out;
    }

    private static double inputScale(ObjectNode o, String field) {
        if (!o.has("input_scale")) {
            return 1.0;
        }
        JsonNode sc = o.get("input_scale");
        if (!sc.isNumber() || !Double.isFinite(sc.asDouble()) || sc.asDouble() == 0) {
            throw new ConfigurationException(field + ".input_scale: expected a finite non-zero number, got " + sc);
        }
        return sc.asDouble();
    }

    /** A {@code kind: classification} target: a free-text key, a class of a classifier and a store label. */
    private ExperimentSpec.TargetModel classification(String key, ObjectNode o, String field) {
        String kind = o.get("kind").asText();
        if (!"classification".equals(kind)) {
            throw new ConfigurationException(field + ".kind: '" + kind + "' is not regression or classification");
        }
        if (!key.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigurationException(field + ": a target key must be 1-64 letters, digits, '_', '.' or '-' "
                    + "(it names result files)");
        }
        keys(o, field + ".", Set.of("model", "kind", "output_index", "output_name", "activation", "label",
                "input_scale", "truth", "curve", "threshold", "evidence"));
        String activation = text(o, "activation", "sigmoid", field + ".").toLowerCase(Locale.ROOT);
        try {
            Classification.Activation.parse(activation);
        } catch (ConfigurationException ex) {
            throw new ConfigurationException(field + ".activation: " + ex.getMessage(), ex);
        }
        String curve = text(o, "curve", "probability", field + ".").toLowerCase(Locale.ROOT);
        if (!List.of("probability", "logit").contains(curve)) {
            throw new ConfigurationException(field + ".curve: '" + curve + "' is not probability or logit");
        }
        double threshold = 0.5;
        if (o.has("threshold")) {
            JsonNode t = o.get("threshold");
            if (!t.isNumber() || !(t.asDouble() > 0 && t.asDouble() < 1)) {
                throw new ConfigurationException(field + ".threshold: expected a probability in (0, 1), got " + t);
            }
            threshold = t.asDouble();
        }
        boolean truthless = truthless(o, field);
        String label = text(o, "label", "", field + ".");
        if (label.isEmpty() && !truthless) {
            throw new ConfigurationException(field + ".label: name the store label that is this class's truth "
                    + "(record-metadata.jsonl), or declare truth: false for prediction-change curves only");
        }
        String evidence = text(o, "evidence", "", field + ".");
        if (!evidence.isEmpty()) {
            try {
                evidence = Target.parse(evidence).key();
            } catch (RuntimeException ex) {
                throw new ConfigurationException(field + ".evidence: " + ex.getMessage(), ex);
            }
        }
        return new ExperimentSpec.TargetModel(key, text(o, "model", null, field + "."), 0,
                positive(o, "output_index", 0, 0, field + "."), inputScale(o, field), truthless,
                new ExperimentSpec.Classifier(activation, label, text(o, "output_name", "", field + "."),
                        "logit".equals(curve), threshold, evidence));
    }

    private static boolean truthless(ObjectNode o, String field) {
        if (!o.has("truth")) {
            return false;
        }
        if (!o.get("truth").isBoolean()) {
            throw new ConfigurationException(field + ".truth: expected true or false, got " + o.get("truth"));
        }
        return !o.get("truth").asBoolean();
    }

    private List<String> methods(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node == null || node.isNull()) {
            texts.addAll(MethodPresets.get("study_lrp", "methods"));
        } else if (node.isTextual()) {
            texts.addAll(MethodPresets.get(node.asText(), "methods"));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw new ConfigurationException("methods[" + i + "]: expected a method such as 'saliency:abs=false'");
                }
                texts.add(node.get(i).asText());
            }
        } else if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            keys(o, "methods.", Set.of("preset", "add"));
            if (o.has("preset")) {
                texts.addAll(MethodPresets.get(text(o, "preset", null, "methods."), "methods.preset"));
            }
            texts.addAll(strings(o, "add", "methods."));
        } else {
            throw new ConfigurationException("methods: expected a preset name, a list of methods or {preset, add}");
        }
        if (texts.isEmpty()) {
            throw new ConfigurationException("methods: no method is listed");
        }
        if (texts.size() > MAX_METHODS) {
            throw new ConfigurationException("methods: " + texts.size() + " methods listed, at most " + MAX_METHODS
                    + " per run (each is compiled per model and evaluated on every record); split the study");
        }
        List<String> canonical = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String c;
            try {
                c = registry.create(texts.get(i)).spec().toString();
            } catch (RuntimeException e) {
                throw new ConfigurationException("methods[" + i + "] '" + texts.get(i) + "': " + e.getMessage(), e);
            }
            if (canonical.contains(c)) {
                throw new ConfigurationException("methods[" + i + "] '" + texts.get(i) + "' is listed twice (" + c + ")");
            }
            canonical.add(c);
        }
        return canonical;
    }

    private static ExperimentSpec.Perturbation perturbation(ObjectNode root) {
        ObjectNode p = object(root, "perturbation", false, "");
        Set<String> allowed = new LinkedHashSet<>(PerturbationConfig.OVERRIDES);
        allowed.add("preset");
        keys(p, "perturbation.", allowed);
        String preset = text(p, "preset", "study", "perturbation.").toLowerCase(Locale.ROOT);
        if (!List.of("study", "standard").contains(preset)) {
            throw new ConfigurationException("perturbation.preset: '" + preset + "' is not study or standard");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String k : PerturbationConfig.OVERRIDES) {
            JsonNode v = p.get(k);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(x -> parts.add(x.asText()));
                overrides.put(k, String.join(",", parts));
            } else if (v.isValueNode()) {
                overrides.put(k, v.asText());
            } else {
                throw new ConfigurationException("perturbation." + k + ": expected a value");
            }
        }
        return new ExperimentSpec.Perturbation(preset, overrides);
    }

    private static void keys(ObjectNode o, String prefix, Set<String> allowed) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigurationException(prefix + k + ": unknown field (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static ObjectNode object(ObjectNode o, String key, boolean required, String prefix) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConfigurationException(prefix + key + ": required");
            }
            return new ObjectMapper().createObjectNode();
        }
        if (!v.isObject()) {
            throw new ConfigurationException(prefix + key + ": expected a mapping");
        }
        return (ObjectNode) v;
    }

    private static String text(ObjectNode o, String key, String dflt, String prefix) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw new ConfigurationException(prefix + key + ": required");
            }
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new ConfigurationException(prefix + key + ": expected a text value");
        }
        return v.asText();
    }

    private static long integer(ObjectNode o, String key, long dflt, String prefix) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                // asLong() would keep the low 64 bits: 2^70 silently became 0
                throw new ConfigurationException(prefix + key + ": " + v.asText() + " does not fit a 64-bit integer ("
                        + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
            }
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(prefix + key + ": '" + v.asText() + "' is not an integer", e);
            }
        }
        throw new ConfigurationException(prefix + key + ": expected an integer, got " + v.getNodeType()
                .toString().toLowerCase(Locale.ROOT));
    }

    private static int positive(ObjectNode o, String key, int dflt, int min, String prefix) {
        long v = integer(o, key, dflt, prefix);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new ConfigurationException(prefix + key + " must be >= " + min + ", got " + v);
        }
        return (int) v;
    }

    private static List<String> strings(ObjectNode o, String key, String prefix) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigurationException(prefix + key + ": expected a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode()) {
                throw new ConfigurationException(prefix + key + "[" + i + "]: expected a value");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }
}
