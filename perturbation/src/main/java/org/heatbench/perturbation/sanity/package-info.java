/**
 * Sanity checks of attribution methods (Adebayo et al. 2018, "Sanity checks for saliency maps"): does a method's
 * map depend on the model's parameters (cascading and independent model-parameter randomisation on the ONNX graph's
 * initializers, {@link org.heatbench.perturbation.sanity.ParameterLayers}) and on the input (input invariance)?
 * Map similarity measures are in {@link org.heatbench.perturbation.sanity.MapSimilarity}, the checks and their
 * verdicts in {@link org.heatbench.perturbation.sanity.SanityChecker}. Documented in docs/PERTURBATION.md
 * ("Sanity checks").
 */
package org.heatbench.perturbation.sanity;
