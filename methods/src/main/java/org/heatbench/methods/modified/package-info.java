/**
 * Modified-backward methods — guided backprop, deconvolution, DeepLIFT (Rescale), Grad-CAM, guided Grad-CAM, LRP —
 * as rule sets for the backward compiler.
 *
 * <p>Depends on: {@code core}, ONNX protobuf classes (Tribuo's), ONNX Runtime, Commons RNG, jHDF; never on
 * datasets, perturbation or anything above.
 */
package org.heatbench.methods.modified;
