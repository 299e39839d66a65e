package org.heatbench.datasets;

import java.util.List;

/** The fiducial points a record may carry, in store order; positions are sample indices into the record. */
public enum Fiducial {
    /** P-wave onset (global, all leads). */
    P_ON("p_on"),
    /** P-wave offset (global). */
    P_OFF("p_off"),
    /** QRS onset (global); the baseline of the V5 amplitude targets is taken here. */
    QRS_ON("qrs_on"),
    /** QRS offset, the J point (global). */
    QRS_OFF("qrs_off"),
    /** T-wave offset (global). */
    T_OFF("t_off"),
    /** R peak in lead V5: the sample of the maximum of V5 within the QRS, where {@code r_amp_v5} is measured. */
    R_PEAK("r_peak");

    /** All fiducials in store order. */
    public static final List<Fiducial> ALL = List.of(values());

    private final String key;

    Fiducial(String key) {
        this.key = key;
    }

    /** @return the store's column name: {@code p_on}, {@code qrs_off}, ... */
    public String key() {
        return key;
    }
}
