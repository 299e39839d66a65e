/**
 * {@code heatbench report}: the comparison report of a run directory.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness.report;
