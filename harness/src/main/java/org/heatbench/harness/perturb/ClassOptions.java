package org.heatbench.harness.perturb;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.truth.SyntheticLabel;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.run.ClassTarget;
import org.heatbench.perturbation.run.RunSpec;
import picocli.CommandLine.Option;

/**
 * {@code heatbench perturb}'s options for a classifier's class as the target (docs/PERTURBATION.md, "Classification
 * targets"): the same fields as a run spec's {@code kind: classification} target, so both commands evaluate a class
 * with the same {@link ClassTarget} and curves. A picocli mixin; {@link #classTarget} builds the target.
 */
final class ClassOptions {
    @Option(names = "--kind", defaultValue = "regression", description = "regression (the target is one of the "
            + "measured quantities) or classification (--target is a free key naming a class of the model's output "
            + "row --target-index) (default: ${DEFAULT-VALUE})")
    String kind;

    @Option(names = "--label", description = "classification: the store label that is the truth (record-metadata."
            + "jsonl, e.g. AVB1 of 'heatbench dataset label'); without it, change curves only")
    String label;

    @Option(names = "--activation", defaultValue = "sigmoid", description = "classification: sigmoid (multi-label, "
            + "p = sigmoid(z)), softmax (single-label, over the output row) or logit (sigmoid, the logit followed) "
            + "(default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--curve", defaultValue = "probability", description = "classification: the score the curves "
            + "follow, probability or logit (default: ${DEFAULT-VALUE})")
    String curve;

    @Option(names = "--threshold", defaultValue = "0.5", description = "classification: decision threshold on p, for "
            + "the decision flips (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--evidence", description = "classification: the regression target whose relevance mask is the "
            + "class's evidence (default: a synthetic label's own mask, else none)")
    String evidence;

    /** @return whether the target is a classifier's class */
    boolean isClassification() {
        return switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "regression" -> false;
            case "classification" -> true;
            default -> throw new ConfigurationException("--kind must be regression or classification, got '" + kind
                    + "'");
        };
    }

    /** @throws ConfigurationException when a classification option is given for a regression target */
    void requireRegressionOnly() {
        if (label != null || evidence != null) {
            throw new ConfigurationException("--label and --evidence need --kind classification");
        }
    }

    /** @return the class's settings for the provenance of {@code summary.json} */
    static Map<String, Object> provenance(RunSpec s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", "classification");
        c.put("activation", s.classification().activation().key());
        c.put("curve", s.classification().scoreUnit());
        c.put("threshold", s.classification().threshold());
        c.put("label", s.classTarget().label());
        c.put("evidence", s.classTarget().evidence() != null ? s.classTarget().evidence().key()
                : s.classTarget().labelEvidence() != null ? "label:" + s.classTarget().labelEvidence().label() : "");
        return c;
    }

    /**
     * The class target of key {@code key}, its truth read from the store's labels.
     *
     * @throws ConfigurationException for a bad option or a label the store lacks (naming its labels)
     */
    ClassTarget classTarget(String key, EcgStore store) {
        boolean logitCurve = switch (curve.trim().toLowerCase(Locale.ROOT)) {
            case "probability" -> false;
            case "logit" -> true;
            default -> throw new ConfigurationException("--curve must be probability or logit, got '" + curve + "'");
        };
        Classification c = new Classification(Classification.Activation.parse(activation), logitCurve, threshold);
        double[] truth = label == null ? new double[0] : ClassTarget.labelsOf(store, label, "--label " + label);
        Target ev = evidence == null ? null : Target.parse(evidence);
        SyntheticLabel own = ev == null && label != null ? SyntheticLabel.byLabel(label).orElse(null) : null;
        return new ClassTarget(key, c, label, truth, ev, own);
    }
}
