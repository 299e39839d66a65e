package org.heatbench.datasets.importers;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Target;

/**
 * Physiological plausibility bounds an imported record must meet, so that a unit or scale mistake (a scale of 1e30
 * µV, millivolts read as microvolts times a thousand again, a QT of −420 ms) is rejected with the record named
 * instead of entering a store and silently skewing every statistic computed from it.
 *
 * <p>The bounds are deliberately wide — they catch impossible values, not unusual patients: sampling rate 50 to
 * 20,000 Hz; every sample within ±{@value #MAX_ABS_SAMPLE_UV} µV (50 mV, beyond any surface ECG incl. pacing
 * spikes); targets in {@link #bounds()} (documented in {@code docs/DATASET_FORMAT.md}). Missing (NaN) targets are
 * allowed. Stateless and thread-safe.
 */
public final class Plausibility {
    /** Largest plausible |sample| in µV. */
    public static final double MAX_ABS_SAMPLE_UV = 50_000;
    /** Lowest plausible sampling rate in Hz. */
    public static final double MIN_RATE_HZ = 50;
    /** Highest plausible sampling rate in Hz. */
    public static final double MAX_RATE_HZ = 20_000;

    private static final Map<Target, double[]> BOUNDS = new EnumMap<>(Target.class);

    static {
        BOUNDS.put(Target.HR, new double[] {15, 350});
        BOUNDS.put(Target.PR, new double[] {30, 600});
        BOUNDS.put(Target.QRS, new double[] {20, 400});
        BOUNDS.put(Target.QT, new double[] {100, 1000});
        BOUNDS.put(Target.T_AMP_V5, new double[] {-5_000, 5_000});
        BOUNDS.put(Target.R_AMP_V5, new double[] {-5_000, 15_000});
        BOUNDS.put(Target.STJ_V5, new double[] {-5_000, 5_000});
    }

    private Plausibility() {
    }

    /** @return target → {min, max} in the target's unit (a copy) */
    public static Map<Target, double[]> bounds() {
        Map<Target, double[]> copy = new EnumMap<>(Target.class);
        BOUNDS.forEach((t, b) -> copy.put(t, b.clone()));
        return copy;
    }

    /**
     * @throws InvalidInputException naming the rate when it is not a finite number in the plausible range
     */
    public static void checkRate(double rateHz) {
        if (!(rateHz >= MIN_RATE_HZ && rateHz <= MAX_RATE_HZ)) {
            throw new InvalidInputException(String.format(Locale.ROOT, "sampling rate %s Hz is not plausible for an "
                    + "ECG (%.0f to %.0f Hz)", rateHz, MIN_RATE_HZ, MAX_RATE_HZ));
        }
    }

    /**
     * Checks a record as read (before resampling): rate, sample amplitudes, target values.
     *
     * @throws InvalidInputException naming the value (lead, sample or target) that is not plausible
     */
    public static void check(EcgRecord r, double rateHz) {
        checkRate(rateHz);
        float[] x = r.signal();
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > MAX_ABS_SAMPLE_UV) {
                int lead = i / r.samples();
                throw new InvalidInputException(String.format(Locale.ROOT, "lead %s sample %d is %.4g uV, beyond the "
                        + "plausible ±%.0f uV (a unit or scale error?)", r.leads().get(lead).label(),
                        i % r.samples(), x[i], MAX_ABS_SAMPLE_UV));
            }
        }
        for (Target t : Target.ALL) {
            double v = r.targets().get(t);
            double[] b = BOUNDS.get(t);
            if (!Double.isNaN(v) && (v < b[0] || v > b[1])) {
                throw new InvalidInputException(String.format(Locale.ROOT, "target %s = %s %s is not plausible "
                        + "(%s to %s %s)", t.key(), v, t.unit(), b[0], b[1], t.unit()));
            }
        }
    }
}
