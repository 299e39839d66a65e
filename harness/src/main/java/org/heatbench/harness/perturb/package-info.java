/**
 * {@code heatbench perturb}: the perturbation test of one model over a store, in this JVM, writing the per-record
 * rows and summary tables.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness.perturb;
