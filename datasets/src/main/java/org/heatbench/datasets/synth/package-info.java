/**
 * The synthetic median-beat generator: parameters ({@link org.heatbench.datasets.synth.ParameterSampler}) → placed
 * dipole waves ({@link org.heatbench.datasets.synth.BeatDesign}) → noise-free rendering through the Dower projection
 * ({@link org.heatbench.datasets.synth.RenderedBeat}) → targets and fiducials measured on it
 * ({@link org.heatbench.datasets.synth.BeatMeasurer}) → noisy record; run in parallel, deterministically, by
 * {@link org.heatbench.datasets.synth.SyntheticEcgGenerator}.
 *
 * <p>Depends on: {@code core}, jHDF, Jackson, Commons RNG; never on methods or anything above.
 */
package org.heatbench.datasets.synth;
