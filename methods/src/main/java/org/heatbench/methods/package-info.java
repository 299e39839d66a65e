/** Attribution methods computed on ONNX graphs. */
package org.heatbench.methods;
