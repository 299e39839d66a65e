/**
 * The backward-graph compiler: turns a forward ONNX graph into one that also computes a gradient or relevance,
 * with one pluggable {@link org.heatbench.methods.backward.BackwardRule} per operator type (CNN operators,
 * normalisations, attention and transformer operators); shape analysis by running the model.
 */
package org.heatbench.methods.backward;
