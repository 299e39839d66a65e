/**
 * Attribution methods computed on ONNX graphs: the method API ({@link org.heatbench.methods.AttributionMethod},
 * {@link org.heatbench.methods.Attributor}, {@link org.heatbench.methods.FloatTensor}) and the method registry
 * ({@link org.heatbench.methods.MethodRegistry}; plugins implement {@link org.heatbench.methods.MethodFactory}).
 *
 * <p>Depends on: {@code core}, ONNX protobuf classes (Tribuo's), ONNX Runtime, Commons RNG, jHDF; never on
 * datasets, perturbation or anything above.
 */
package org.heatbench.methods;
