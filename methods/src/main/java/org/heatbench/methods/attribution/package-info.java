/**
 * The gradient family of attribution methods (saliency, input × gradient, integrated gradients, SmoothGrad,
 * GradientSHAP, random), the batched engine that runs compiled graphs, and the export of compiled attribution
 * graphs as standalone ONNX models.
 */
package org.heatbench.methods.attribution;
