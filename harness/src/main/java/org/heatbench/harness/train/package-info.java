/**
 * {@code heatbench train|evaluate}: StevenNet training with HeatBench's compiled backward graphs, and regression
 * metrics.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness.train;
