/**
 * {@code heatbench run}: an experiment spec as a Spark job (local mode by default), with plan, progress and report.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness.run;
