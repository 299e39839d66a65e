package org.heatbench.datasets;

import java.util.List;
import org.heatbench.core.ConfigurationException;

/**
 * Turns signals in one lead layout into another: selects, reorders and derives leads. Immutable and thread-safe.
 *
 * <p>A requested lead present in the source is copied unchanged. A requested limb lead III, aVR, aVL or aVF that the
 * source lacks is derived from the source's I and II, in float32 arithmetic, exactly as
 * {@code III = II − I}, {@code aVR = −(I + II) / 2}, {@code aVL = I − II / 2}, {@code aVF = II − I / 2}
 * (each a single rounding of the exact value, so the relation holds bit for bit for the derived lead).
 * Typical uses: a 12-lead store read as the 8 independent leads of an 8-lead model, or an 8-lead store read as
 * 12 leads.
 *
 * <p>Signals are {@code float} arrays laid out as [leads, samples] row-major (lead-major), amplitudes in µV.
 * NaN propagates through derivation like any float arithmetic.
 */
public final class LeadMapping {
    private final List<Lead> source;
    private final List<Lead> target;
    /** per target lead: index of the source lead to copy, or -1 when derived */
    private final int[] copyFrom;
    private final int indexI;
    private final int indexII;
    private final boolean identity;

    private LeadMapping(List<Lead> source, List<Lead> target) {
        this.source = List.copyOf(source);
        this.target = List.copyOf(target);
        this.copyFrom = new int[target.size()];
        this.indexI = source.indexOf(Lead.I);
        this.indexII = source.indexOf(Lead.II);
        boolean same = source.equals(target);
        for (int k = 0; k < target.size(); k++) {
            Lead lead = target.get(k);
            int at = source.indexOf(lead);
            if (at < 0) {
                if (!lead.isDerivedLimbLead() || indexI < 0 || indexII < 0) {
                    throw new ConfigurationException("lead " + lead.label() + " is not among the available leads "
                            + Lead.labels(source) + (lead.isDerivedLimbLead()
                            ? " and cannot be derived: deriving it needs leads I and II"
                            : " and cannot be derived from them"));
                }
            }
            copyFrom[k] = at;
        }
        this.identity = same;
    }

    /**
     * @param source the leads the signals have, in their order
     * @param target the leads wanted, in the wanted order (no repeats)
     * @throws ConfigurationException when a target lead is neither present nor derivable, or a list repeats a lead
     */
    public static LeadMapping of(List<Lead> source, List<Lead> target) {
        requireDistinct(source, "source");
        requireDistinct(target, "requested");
        if (target.isEmpty()) {
            throw new ConfigurationException("at least one lead must be requested");
        }
        return new LeadMapping(source, target);
    }

    private static void requireDistinct(List<Lead> leads, String what) {
        if (leads.stream().distinct().count() != leads.size()) {
            throw new ConfigurationException("the " + what + " leads " + Lead.labels(leads) + " repeat a lead");
        }
    }

    public List<Lead> source() {
        return source;
    }

    public List<Lead> target() {
        return target;
    }

    /** @return true when the target layout is the source layout (a plain copy) */
    public boolean isIdentity() {
        return identity;
    }

    /**
     * Maps one record.
     *
     * @param src       source signal, [source leads, samples] starting at {@code srcOffset}
     * @param dst       destination, [target leads, samples] written starting at {@code dstOffset}
     * @param samples   samples per lead
     */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int samples) {
        if (identity) {
            System.arraycopy(src, srcOffset, dst, dstOffset, source.size() * samples);
            return;
        }
        for (int k = 0; k < target.size(); k++) {
            int out = dstOffset + k * samples;
            int from = copyFrom[k];
            if (from >= 0) {
                System.arraycopy(src, srcOffset + from * samples, dst, out, samples);
                continue;
            }
            int a = srcOffset + indexI * samples;
            int b = srcOffset + indexII * samples;
            switch (target.get(k)) {
                case III -> {
                    for (int t = 0; t < samples; t++) {
                        dst[out + t] = src[b + t] - src[a + t];
                    }
                }
                case AVR -> {
                    for (int t = 0; t < samples; t++) {
                        dst[out + t] = -(src[a + t] + src[b + t]) / 2f;
                    }
                }
                case AVL -> {
                    for (int t = 0; t < samples; t++) {
                        dst[out + t] = src[a + t] - src[b + t] / 2f;
                    }
                }
                case AVF -> {
                    for (int t = 0; t < samples; t++) {
                        dst[out + t] = src[b + t] - src[a + t] / 2f;
                    }
                }
                default -> throw new IllegalStateException("not a derived lead: " + target.get(k));
            }
        }
    }

    /** Maps one record into a new array [target leads, samples]. */
    public float[] apply(float[] src, int samples) {
        float[] dst = new float[target.size() * samples];
        apply(src, 0, dst, 0, samples);
        return dst;
    }
}
