/**
 * Default models for HeatBench: the reference study's StevenNet regressors (Storås et al., JAMIA 2025), built as
 * ONNX graphs in Java ({@link org.heatbench.training.StevenNet}, {@link org.heatbench.training.Architecture}) and
 * trained through HeatBench's own backward-graph compiler ({@link org.heatbench.training.TrainingSession}: the
 * training graph's parameter gradients compiled by {@code org.heatbench.methods.backward.BackwardCompiler}, run by
 * ONNX Runtime), with Adam, ReduceLROnPlateau and best-validation selection ({@link org.heatbench.training.Trainer}).
 *
 * <p>{@link org.heatbench.training.TrainingRun} is the whole job behind {@code heatbench train}: train, export a
 * plain opset-17 inference model (input {@code ecg} [N, leads, 600] µV, output {@code prediction} [N, 1] in the
 * target's unit, scaling inside the graph), evaluate it and write its JSON model card.
 * {@link org.heatbench.training.ClassifierRun} does the same for a multi-label classifier ({@code heatbench train
 * --task classification}): the same trunk with one logit per label, binary cross-entropy with logits
 * ({@link org.heatbench.training.Loss}), labels from the store or derived from its targets
 * ({@link org.heatbench.training.LabelledSplit}), output {@code logit} [N, labels]. Both trainers run one epoch loop
 * ({@code EpochLoop}: shuffles, Adam, BatchNormalization statistics, schedule, time budget, progress) and write the
 * same per-epoch checkpoint, from which a run resumes to the parameters of an uninterrupted one.
 *
 * <p>Units: signals µV, intervals ms, heart rate bpm, V5 amplitudes µV. Randomness is seeded (weights from the
 * seed, epoch shuffles from {@code SeedSequence(seed).forItem(epoch)}).
 *
 * <p>Depends on: {@code core}, {@code methods}, {@code datasets}, ONNX protobuf classes, Jackson; never on
 * perturbation, results, jobs or Spark.
 */
package org.heatbench.training;
