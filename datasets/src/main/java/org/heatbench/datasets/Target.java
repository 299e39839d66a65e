package org.heatbench.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.heatbench.core.InvalidInputException;

/**
 * The seven regression targets of the reference study, in store order. Intervals in ms, heart rate in bpm,
 * amplitudes in µV on lead V5 relative to the baseline at QRS onset.
 */
public enum Target {
    /** Ventricular rate, bpm; the study's {@code VentRate}. */
    HR("hr", "bpm", "VentRate"),
    /** PR interval (P onset to QRS onset), ms. */
    PR("pr", "ms", "pr"),
    /** QRS duration (QRS onset to QRS offset), ms. */
    QRS("qrs", "ms", "qrs"),
    /** QT interval (QRS onset to T offset), ms. */
    QT("qt", "ms", "qt"),
    /** T-wave peak amplitude in V5 (largest signed deflection between J and T offset), µV. */
    T_AMP_V5("t_amp_v5", "uV", "T_PeakAmpl_v5"),
    /** R-wave peak amplitude in V5 (maximum within the QRS), µV. */
    R_AMP_V5("r_amp_v5", "uV", "R_PeakAmpl_v5"),
    /** ST level at the J point (QRS offset) in V5, µV. */
    STJ_V5("stj_v5", "uV", "STJ_v5");

    /** All targets in store order. */
    public static final List<Target> ALL = List.of(values());

    private final String key;
    private final String unit;
    private final String studyName;

    Target(String key, String unit, String studyName) {
        this.key = key;
        this.unit = unit;
        this.studyName = studyName;
    }

    /** @return the store's name: {@code hr}, {@code pr}, {@code qrs}, {@code qt}, {@code t_amp_v5}, ... */
    public String key() {
        return key;
    }

    /** @return {@code bpm}, {@code ms} or {@code uV} */
    public String unit() {
        return unit;
    }

    /** @return the attribute / column name in the reference study's files ({@code VentRate}, {@code STJ_v5}, ...) */
    public String studyName() {
        return studyName;
    }

    /**
     * Parses a store key or a study name, case-insensitive.
     *
     * @throws InvalidInputException naming the accepted names
     */
    public static Target parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        for (Target t : values()) {
            if (t.key.equals(s) || t.studyName.toLowerCase(Locale.ROOT).equals(s)) {
                return t;
            }
        }
        throw new InvalidInputException("unknown target '" + name + "'; known targets: "
                + Arrays.stream(values()).map(t -> t.key + " (" + t.studyName + ")").collect(Collectors.joining(", ")));
    }
}
