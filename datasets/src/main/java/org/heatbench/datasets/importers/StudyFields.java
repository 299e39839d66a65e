package org.heatbench.datasets.importers;

import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;

/**
 * Reads the reference study's per-ECG values (HDF5 attributes of {@code median}, or columns of its ground-truth
 * CSV): the seven targets by their study names ({@code VentRate, pr, qrs, qt, STJ_v5, T_PeakAmpl_v5,
 * R_PeakAmpl_v5}), and, where present, MUSE's fiducials {@code POnset, POffset, QOnset, QOffset, TOffset} (sample
 * indices). Names match case-insensitively; absent or empty values are missing; a value that is not a number is an
 * error.
 */
final class StudyFields {
    private static final String[][] FIDUCIAL_NAMES = {
        {"POnset"}, {"POffset"}, {"QOnset", "QRSOnset"}, {"QOffset", "QRSOffset"}, {"TOffset"}, {"RPeak"},
    };

    private final Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    StudyFields(Map<String, ?> fields) {
        values.putAll(fields);
    }

    Targets targets() {
        double[] t = new double[Target.ALL.size()];
        for (Target target : Target.ALL) {
            t[target.ordinal()] = number(target.studyName());
        }
        return Targets.of(t);
    }

    Fiducials fiducials() {
        int[] f = new int[FIDUCIAL_NAMES.length];
        for (int k = 0; k < f.length; k++) {
            double v = Double.NaN;
            for (String name : FIDUCIAL_NAMES[k]) {
                if (!Double.isNaN(v)) {
                    break;
                }
                v = number(name);
            }
            f[k] = Double.isNaN(v) || v < 0 ? Fiducials.UNKNOWN_POSITION : (int) Math.round(v);
        }
        return Fiducials.of(f);
    }

    private double number(String name) {
        Object v = values.get(name);
        if (v != null && v.getClass().isArray()) {
            v = Array.getLength(v) == 1 ? Array.get(v, 0) : v;
        }
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isInfinite(d)) {
                throw new InvalidInputException(name + " = " + d + " is not finite");
            }
            return d;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("na")) {
                return Double.NaN;
            }
            try {
                double d = Double.parseDouble(t.replace(',', '.'));
                if (Double.isInfinite(d)) {
                    throw new InvalidInputException(name + " = '" + s + "' is not finite");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + " = '" + s + "' is not a number");
            }
        }
        throw new InvalidInputException(name + " is a " + v.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                + " (" + v + "), not a number");
    }
}
