/**
 * {@code heatbench dataset generate|import|info}: synthetic stores, imports through the importer registry, store
 * summaries.
 *
 * <p>Depends on: every module, picocli; nothing depends on it.
 */
package org.heatbench.harness.dataset;
