/**
 * The backward-graph compiler: from a forward ONNX graph to one that also computes ∂output/∂input (or a modified
 * backward pass, or parameter gradients), with one {@link org.heatbench.methods.backward.BackwardRule} per operator
 * type collected in a {@link org.heatbench.methods.backward.RuleSet}.
 *
 * <p>Depends on: {@code core}, ONNX protobuf classes (Tribuo's), ONNX Runtime, Commons RNG, jHDF; never on
 * datasets, perturbation or anything above.
 */
package org.heatbench.methods.backward;
