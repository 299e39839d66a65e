/**
 * The gradient family of attribution methods (saliency, input × gradient, integrated gradients, SmoothGrad,
 * GradientSHAP, the random control) with Captum's semantics, and the plumbing shared by compiled attributors
 * ({@link org.heatbench.methods.attribution.CompiledAttributor}); the sampling methods take any method's backward
 * pass as their {@code base}.
 *
 * <p>Depends on: {@code core}, ONNX protobuf classes (Tribuo's), ONNX Runtime, Commons RNG, jHDF; never on
 * datasets, perturbation or anything above.
 */
package org.heatbench.methods.attribution;
