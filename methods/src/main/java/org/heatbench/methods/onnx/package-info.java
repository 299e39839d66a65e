/** ONNX models as HeatBench reads and writes them: loading and checks, graph building, tensors, BatchNorm folding. */
package org.heatbench.methods.onnx;
