/** Ground truth of which samples determine each target: {@link org.heatbench.datasets.truth.RelevanceMask}. */
package org.heatbench.datasets.truth;
