/**
 * ONNX Runtime sessions ({@link org.heatbench.methods.runtime.GraphSession}), execution options (threads, provider,
 * memory cap) and the CPU fallback when CUDA is unavailable.
 *
 * <p>Depends on: {@code core}, ONNX protobuf classes (Tribuo's), ONNX Runtime, Commons RNG, jHDF; never on
 * datasets, perturbation or anything above.
 */
package org.heatbench.methods.runtime;
