package org.heatbench.methods.backward;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable map from ONNX operator type to {@link BackwardRule}. {@link #gradient()} builds the chain-rule set;
 * modified-backward methods derive their sets with {@link #with(String, BackwardRule)}.
 */
public final class RuleSet {
    private final Map<String, BackwardRule> rules;

    private RuleSet(Map<String, BackwardRule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    /** @return an empty rule set */
    public static RuleSet empty() {
        return new RuleSet(new LinkedHashMap<>());
    }

    /** @return a new rule set with the exact gradient (chain rule) of every supported operator */
    public static RuleSet gradient() {
        return GradientRules.register(empty());
    }

    /**
     * @return the gradient rules for training graphs: as {@link #gradient()}, but reductions may run over the batch
     *     dimension (mean losses, batch statistics of BatchNormalization in training mode written out as
     *     primitive operators), which attribution rules refuse because there records must not interact
     */
    public static RuleSet training() {
        return ReduceGradients.allowBatchReduction(gradient());
    }

    /** @return a copy with {@code opType}'s rule set to {@code rule} */
    public RuleSet with(String opType, BackwardRule rule) {
        Map<String, BackwardRule> m = new LinkedHashMap<>(rules);
        m.put(opType, rule);
        return new RuleSet(m);
    }

    /** @return a copy with the same rule for several operator types */
    public RuleSet with(BackwardRule rule, String... opTypes) {
        Map<String, BackwardRule> m = new LinkedHashMap<>(rules);
        for (String op : opTypes) {
            m.put(op, rule);
        }
        return new RuleSet(m);
    }

    /** @return a copy without a rule for {@code opType} (the operator becomes unsupported) */
    public RuleSet without(String opType) {
        Map<String, BackwardRule> m = new LinkedHashMap<>(rules);
        m.remove(opType);
        return new RuleSet(m);
    }

    /** @return the rule for an operator type */
    public Optional<BackwardRule> rule(String opType) {
        return Optional.ofNullable(rules.get(opType));
    }

    /** @return the operator types with a rule that lets gradients flow (sorted) */
    public Set<String> differentiableOps() {
        Set<String> s = new TreeSet<>();
        rules.forEach((k, v) -> {
            if (!v.isNonDifferentiable()) {
                s.add(k);
            }
        });
        return s;
    }

    /** @return every operator type with a rule (sorted) */
    public Set<String> opTypes() {
        return new TreeSet<>(rules.keySet());
    }
}
