/** {@code heatbench ratings import}: expert ratings of the report's blinded gallery into a run directory. */
package org.heatbench.harness.ratings;
