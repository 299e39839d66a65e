/**
 * {@code heatbench attribute}: attributions of one ONNX model for an HDF5 input array, with provenance attributes.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness.attribute;
