package org.heatbench.datasets.synth;

import org.heatbench.core.ConfigurationException;

/**
 * Dispersed ventricular repolarisation (model v4): a second, later and broader T-wave component of the T wave's own
 * direction, so that the T wave has the broad top and the long terminal tail that real medians with a
 * bundle-branch-like wide QRS show. Physiology: with delayed, abnormal activation the regions of the ventricles
 * repolarise over a longer spread of times (secondary repolarisation changes; Antzelevitch, Am J Physiol 2007;
 * the T-wave "tail" of the transmural dispersion), which broadens the T wave and moves its end later, while its peak
 * stays where the bulk of the myocardium repolarises.
 *
 * <p>Calibrated on the nine LUDB-odd medians with a cardiologist QRS ≥ 120 ms (docs/SYNTHESIS.md, "Model v4"): their
 * T peak → expert T end is 107 ms against 82 ms for the 69 with QRS &lt; 100 ms; their right half-width at half
 * maximum 63 against 44 ms.
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
