/** {@code heatbench faithfulness}: faithfulness correlation and monotonicity of attribution methods over a store. */
package org.heatbench.harness.faithfulness;
