/**
 * Faithfulness of attribution maps by iterative region perturbation (Samek et al. 2017; the reference study's test,
 * Storås et al. 2025): the procedure's parts, each a small interface or value — {@link
 * org.heatbench.perturbation.ScoreMode} (|a| or a), {@link org.heatbench.perturbation.RegionScheme} (points,
 * windows on one lead, windows across leads), {@link org.heatbench.perturbation.RegionRanking} /
 * {@link org.heatbench.perturbation.Order} (MoRF, LeRF, random order), {@link
 * org.heatbench.perturbation.PerturbationFunction} (noise, replacement, interpolation, 1-D ROAD), {@link
 * org.heatbench.perturbation.Schedule} — combined in {@link org.heatbench.perturbation.PerturbationConfig} (with
 * the {@code study} preset), and {@link org.heatbench.perturbation.Trajectory}, which produces one record's perturbed
 * inputs step by step. Per-record randomness: {@link org.heatbench.perturbation.StreamKey}.
 *
 * <p>Sub-packages: {@code eval} (batched evaluation on a model, per-record results and scores), {@code stats}
 * (mergeable statistics), {@code run} (the single-JVM driver over a store), {@code io} (result files). See
 * {@code docs/PERTURBATION.md}.
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, Commons RNG and Statistics, Jackson; never on
 * training, results, jobs or Spark.
 */
package org.heatbench.perturbation;
