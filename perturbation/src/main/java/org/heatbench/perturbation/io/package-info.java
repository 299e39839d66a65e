/** Result files of a perturbation run: {@link org.heatbench.perturbation.io.ResultsWriter}. */
package org.heatbench.perturbation.io;
