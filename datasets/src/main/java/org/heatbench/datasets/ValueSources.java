package org.heatbench.datasets;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where one record's values came from, when not all from the input's default source: the targets and fiducials
 * whose source differs from the store's default ({@link ValueSource#DEVICE} for imports, {@link ValueSource#GENERATOR}
 * for synthetic stores). A value not named here has the default source; a missing value (NaN target, -1 fiducial) is
 * always {@link ValueSource#UNKNOWN}, whatever is named. Immutable.
 *
 * @param targets   targets with a source other than the default
 * @param fiducials fiducials with a source other than the default
 */
public record ValueSources(Map<Target, ValueSource> targets, Map<Fiducial, ValueSource> fiducials) {

    /** Every value has the default source. */
    public static final ValueSources DEFAULT = new ValueSources(Map.of(), Map.of());

    public ValueSources {
        targets = Collections.unmodifiableMap(targets.isEmpty() ? new EnumMap<>(Target.class) : new EnumMap<>(targets));
        fiducials = Collections.unmodifiableMap(fiducials.isEmpty() ? new EnumMap<>(Fiducial.class)
                : new EnumMap<>(fiducials));
    }

    /** @return these sources with {@code t}'s set to {@code s} ({@code null}: back to the default) */
    public ValueSources with(Target t, ValueSource s) {
        return new ValueSources(set(targets, Target.class, t, s), fiducials);
    }

    /** @return these sources with {@code f}'s set to {@code s} ({@code null}: back to the default) */
    public ValueSources with(Fiducial f, ValueSource s) {
        return new ValueSources(targets, set(fiducials, Fiducial.class, f, s));
    }

    private static <K extends Enum<K>> Map<K, ValueSource> set(Map<K, ValueSource> m, Class<K> type, K key,
            ValueSource s) {
        Map<K, ValueSource> out = new EnumMap<>(type);
        out.putAll(m);
        if (s == null) {
            out.remove(key);
        } else {
            out.put(key, s);
        }
        return out;
    }

    /** @return true when every value has the default source */
    public boolean isDefault() {
        return targets.isEmpty() && fiducials.isEmpty();
    }

    /**
     * @param values       the record's targets
     * @param defaultSource the store's default source
     * @return one stored code per target, in {@link Target#ALL} order
     */
    public byte[] targetCodes(Targets values, ValueSource defaultSource) {
        double[] v = values.toArray();
        byte[] out = new byte[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = (Double.isNaN(v[k]) ? ValueSource.UNKNOWN
                    : targets.getOrDefault(Target.ALL.get(k), defaultSource)).code();
        }
        return out;
    }

    /**
     * @param values       the record's fiducials
     * @param defaultSource the store's default source
     * @return one stored code per fiducial, in {@link Fiducial#ALL} order
     */
    public byte[] fiducialCodes(Fiducials values, ValueSource defaultSource) {
        int[] f = values.toArray();
        byte[] out = new byte[f.length];
        for (int k = 0; k < f.length; k++) {
            out[k] = (f[k] < 0 ? ValueSource.UNKNOWN
                    : fiducials.getOrDefault(Fiducial.ALL.get(k), defaultSource)).code();
        }
        return out;
    }
}
