package org.heatbench.datasets.synth;

import org.heatbench.core.ConfigurationException;

/**
 * How full the QRS complex is (model v4's wide-QRS family): the R and R′ waves' width and where R peaks between the
 * Q and S waves. With slow, abnormal ventricular activation (bundle-branch block, pacing) the complex is not a
 * peaked body with long low edges but broad and notched, high for much of its duration: on the spatial magnitude of
 * LUDB's medians with a cardiologist QRS ≥ 120 ms it stays above half its peak for 39–48% of the QRS and reaches a
 * quarter of it 22–34 ms after the onset, where model v3's wide family gave 30% and 46 ms (models/README.md,
 * "Caveats"; {@code scripts/QrsFeatures.java}).
 *
 * @param rWidthFactor σ of R and R′ as a multiple of v3's QRS / (divisor + 1), ≥ 1
 * @param rPosition    R's peak as a fraction of the way from Q's centre to S's, in (0, 1); 0.5 = midway (v1–v3)
 */
public record QrsBody(double rWidthFactor, double rPosition) {

    /** Models v1–v3, and v4's families other than the wide one: R midway, v3's width. */
    public static final QrsBody NARROW = new QrsBody(1, 0.5);

    public QrsBody {
        if (!(rWidthFactor >= 1) || !(rPosition > 0 && rPosition < 1)) {
            throw new ConfigurationException("a QRS body needs an R width factor >= 1 and an R position in (0, 1), got "
                    + rWidthFactor + ", " + rPosition);
        }
    }
}
