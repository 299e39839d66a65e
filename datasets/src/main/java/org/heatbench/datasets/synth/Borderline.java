package org.heatbench.datasets.synth;

/**
 * Which measure a synthetic record pushes into the borderline zone (at most one per record), or none.
 * Zones from {@code ../shared/docs/ecg-synthesis.md}.
 */
public enum Borderline {
    NONE,
    /** PR 200–240 ms. */
    PR,
    /** QRS 110–125 ms. */
    QRS,
    /** QTc 450–480 ms. */
    QTC,
    /** Heart rate 45–50 or 100–110 bpm. */
    HR,
    /** Flat T wave: 20–100 µV in V5. */
    FLAT_T,
    /** ST-J in V5 drawn from −50 to +100 µV. */
    STJ
}
