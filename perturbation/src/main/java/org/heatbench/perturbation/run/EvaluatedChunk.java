package org.heatbench.perturbation.run;

import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.RecordEvaluation;

/**
 * A chunk of records attributed and evaluated ({@link ChunkEvaluator#run}): the evaluations and every record's
 * component shares per method. Both {@code heatbench perturb} and the Spark units of {@code heatbench run} build their
 * rows and statistics from it, so the two write the same numbers. Immutable lists; the arrays are not copied.
 *
 * @param evaluations one per record, in the batch's order
 * @param shares per record (same order): method → shares in {@link ComponentShares#COMPONENTS} order, or null where
 *     undefined (unknown fiducials, an all-zero map)
 */
public record EvaluatedChunk(List<RecordEvaluation> evaluations, List<Map<String, double[]>> shares) {
    public EvaluatedChunk {
        evaluations = List.copyOf(evaluations);
        shares = List.copyOf(shares);
    }

    /**
     * Adds the shares of the records that were evaluated to {@code components}. A record with non-finite input was
     * never attributed: its all-zero maps have no shares anyway, and it is left out explicitly.
     */
    public void addSharesTo(ComponentShares components) {
        for (int i = 0; i < evaluations.size(); i++) {
            if (evaluations.get(i).status() == MethodStatus.OK) {
                shares.get(i).forEach(components::accept);
            }
        }
    }
}
