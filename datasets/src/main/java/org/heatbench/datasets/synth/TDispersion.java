package org.heatbench.datasets.synth;

import org.heatbench.core.ConfigurationException;

/**
 * Dispersed ventricular repolarisation (model v4): a second, later and broader T-wave component of the T wave's own
 * direction, so that the T wave has the broad top and the long terminal tail that real medians with a
 * bundle-branch-like wide QRS show. Physiology: with delayed, abnormal activation the regions of the ventricles
 * repolarise over a longer spread of times (secondary repolarisation changes; transmural dispersion of
 * repolarisation, Antzelevitch, Am J Physiol Heart Circ Physiol 293:H2024, 2007), which broadens the T wave and
 * moves its end later, while its peak stays where the bulk of the myocardium repolarises.
 *
 * <p>Calibrated on LUDB's odd-numbered records (docs/SYNTHESIS.md, "Model v4"): in its eight medians with a
 * cardiologist QRS ≥ 120 ms the spatial T wave's peak → expert T end is 109 ms against 82 ms for QRS &lt; 120 ms, its
 * half-width after the peak 56 against 44 ms. The held-out even-numbered half does not show the same shape (the
 * document gives both), so these numbers rest on few medians.
 *
 * @param delayMs     the late component's peak after the main T peak, ms (&gt; 0 when present)
 * @param ratio       its amplitude as a fraction of the main component's, in [0, 1); 0 = no late component
 * @param widthFactor its σ (both sides) as a multiple of the main component's right σ (&ge; 1 when present)
 */
public record TDispersion(double delayMs, double ratio, double widthFactor) {

    /** No late component (models v1–v3, and v4's QRS families other than the wide one). */
    public static final TDispersion NONE = new TDispersion(0, 0, 1);

    public TDispersion {
        if (!(ratio >= 0 && ratio < 1) || !(delayMs >= 0) || !(widthFactor >= 1)) {
            throw new ConfigurationException("T dispersion needs 0 <= ratio < 1, delay >= 0 and width factor >= 1, got "
                    + ratio + ", " + delayMs + " ms, " + widthFactor);
        }
    }

    /** @return whether there is a late component */
    public boolean present() {
        return ratio > 0;
    }
}
