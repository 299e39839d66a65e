/**
 * Ground truth of which samples determine each target: {@link org.heatbench.datasets.truth.RelevanceMask}.
 *
 * <p>Depends on: {@code core}, jHDF, Jackson, Commons RNG; never on methods or anything above.
 */
package org.heatbench.datasets.truth;
