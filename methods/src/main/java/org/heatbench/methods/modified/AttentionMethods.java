package org.heatbench.methods.modified;

import java.util.List;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodFactory;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.core.registry.ParameterDescriptor;

/** Registers the attention explanations of transformers: attention rollout and gradient-weighted attention relevance. */
public final class AttentionMethods {
    private AttentionMethods() {
    }

    /** Adds {@code attention_rollout} and {@code attention_relevance} to a registry. */
    public static void registerAll(MethodRegistry r) {
        List<ParameterDescriptor> params = List.of(ParameterDescriptor.ofString("query", "mean",
                "token row of the relevance matrix: 'mean' (mean-pooled models) or a token index (e.g. 0, a class token)"));
        r.register(MethodFactory.of(new MethodDescriptor("attention_rollout", "attention",
                "attention rollout: ½(head-mean attention + I) multiplied over the layers, tokens mapped to samples "
                        + "through the conv encoder's receptive fields, repeated over leads",
                "Abnar & Zuidema, ACL 2020", params),
                s -> new AttentionExplanation(s, AttentionExplanation.Kind.ROLLOUT)));
        r.register(MethodFactory.of(new MethodDescriptor("attention_relevance", "attention",
                "gradient-weighted attention relevance: R ← R + mean_h (∂f/∂A ⊙ A)⁺ · R over the layers, tokens mapped "
                        + "to samples through the conv encoder's receptive fields, repeated over leads",
                "Chefer, Gur, Wolf, ICCV 2021", params),
                s -> new AttentionExplanation(s, AttentionExplanation.Kind.RELEVANCE)));
    }
}
