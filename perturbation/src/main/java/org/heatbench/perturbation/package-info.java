/**
 * Faithfulness of attribution maps by iterative region perturbation.
 */
package org.heatbench.perturbation;
