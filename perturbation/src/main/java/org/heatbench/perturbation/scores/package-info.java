/**
 * Faithfulness scores that need perturbations of their own rather than a perturbation trajectory: faithfulness
 * correlation (Bhatt et al. 2020) over random region subsets and monotonicity (Nguyen &amp; Martínez 2020) over
 * single regions. The perturbed inputs do not depend on the method, so every method of a record shares them.
 * Defined in docs/PERTURBATION.md ("More faithfulness scores").
 */
package org.heatbench.perturbation.scores;
