/**
 * The ONNX graph model HeatBench reads and writes (protobuf), graph building and BatchNormalization folding; errors
 * for models it cannot use.
 *
 * <p>Depends on: {@code core}, ONNX protobuf classes (Tribuo's), ONNX Runtime, Commons RNG, jHDF; never on
 * datasets, perturbation or anything above.
 */
package org.heatbench.methods.onnx;
