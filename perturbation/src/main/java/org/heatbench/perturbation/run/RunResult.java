package org.heatbench.perturbation.run;

import java.util.List;
import org.heatbench.datasets.Lead;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.stats.SummaryAccumulator;

/**
 * What a run leaves besides the records it delivered.
 *
 * @param summary the combined statistics accumulator (call {@code finish()})
 * @param records records evaluated
 * @param modelEvaluations model forward evaluations for perturbation (rows; attribution passes not included)
 * @param seconds wall time
 * @param leads the lead layout fed to the model
 * @param provider the execution provider actually used
 * @param components the component shares of the evaluated records' attributions
 */
public record RunResult(SummaryAccumulator summary, int records, long modelEvaluations, double seconds,
        List<Lead> leads, String provider, ComponentShares components) {
}
