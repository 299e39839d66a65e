package org.heatbench.datasets.synth;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/**
 * How the generator's ground truth ends the T wave (the QT target, the {@code t_off} fiducial and every relevance
 * mask anchored on it). The waveform is the same under both; only the label differs. Recorded in a v2 store's
 * provenance as {@code t_end}; a v2 store without that parameter (made before it existed) used {@link #THRESHOLD}.
 */
public enum TEndDefinition {
    /**
     * Where the T group's spatial magnitude falls below f × its peak (f = e<sup>−4.5</sup>: a Gaussian tail's 3σ).
     * Model v1 always, and model v2 stores made before the tangent definition.
     */
    THRESHOLD("threshold"),
    /**
     * The tangent method (Lepeschkin &amp; Surawicz, Circulation 6:378, 1952; Postema &amp; Wilde, Curr Cardiol Rev
     * 10:287, 2014): the intersection of the tangent at the steepest point of the T wave's terminal (descending)
     * limb with the isoelectric baseline — how cardiologists and 12SL-like programs end the T wave. Applied to the
     * noise-free T group's spatial magnitude (baseline 0); a Gaussian's end is then its peak + 2σ. The default of
     * model v2.
     */
    TANGENT("tangent");

    private final String key;

    TEndDefinition(String key) {
        this.key = key;
    }

    /** @return the name in provenance and on the command line: {@code threshold} or {@code tangent} */
    public String key() {
        return key;
    }

    /** @return the definition named {@code key} (case-insensitive) */
    public static TEndDefinition parse(String key) {
        for (TEndDefinition d : values()) {
            if (d.key.equals(key.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new ConfigurationException("unknown T-end definition '" + key + "': use tangent or threshold");
    }
}
