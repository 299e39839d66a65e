/**
 * Batched perturbation evaluation: {@link org.heatbench.perturbation.eval.PerturbationEvaluator} streams many
 * records' trajectories through a {@link org.heatbench.perturbation.eval.ModelScorer} (ONNX Runtime:
 * {@link org.heatbench.perturbation.eval.OnnxScorer}) in runs bounded by a {@link
 * org.heatbench.perturbation.eval.BatchBudget}, and returns per-record {@link
 * org.heatbench.perturbation.eval.RecordEvaluation}s: predictions per order, curves ({@link
 * org.heatbench.perturbation.eval.CurveKind}), scores ({@link org.heatbench.perturbation.eval.ScoreLayout}),
 * localization and a status per method — never a silently dropped record. A classifier's class is scored by
 * {@link org.heatbench.perturbation.eval.Classification} (probability or logit curves, losses against a label) with the
 * {@link org.heatbench.perturbation.eval.DecisionFlip} of each trajectory.
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation.eval;
