/** {@code heatbench robustness}: does a model's ranking of the methods survive other perturbation settings? */
package org.heatbench.harness.robustness;
