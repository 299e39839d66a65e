/**
 * The {@code heatbench} command line ({@link org.heatbench.harness.HeatBenchCli}): builds the registries by
 * discovery (built-ins and plugin jars) and hands them to the commands; prints, maps library errors to one line and
 * an exit code.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness;
