/** {@code heatbench compile}: an attribution method's compiled graph written as a standalone ONNX model. */
package org.heatbench.harness.compile;
