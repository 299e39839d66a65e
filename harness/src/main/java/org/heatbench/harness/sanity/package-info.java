/** {@code heatbench sanity}: model-parameter randomisation and input-invariance checks of attribution methods. */
package org.heatbench.harness.sanity;
