package org.heatbench.datasets.synth;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Draws the "patient" behind one synthetic beat. Implementations are stateless apart from their settings and
 * thread-safe; all randomness comes from the generator passed in, consumed in a fixed order, so equal streams give
 * equal parameters.
 */
public interface PatientSampler {

    /** Draws one patient from {@code rng}. */
    BeatParameters sample(UniformRandomProvider rng);
}
