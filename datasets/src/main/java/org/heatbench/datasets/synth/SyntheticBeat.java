package org.heatbench.datasets.synth;

import java.util.Arrays;
import java.util.List;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.LeadMapping;

/**
 * One generated record with everything known about it: the drawn parameters, the placed waves, the measurement on
 * the noise-free rendering, and the noise-free and noisy signals of the eight independent leads. Immutable.
 *
 * @param index       the record's index in the generated sequence
 * @param id          the record id, {@code synth-} and the index in 8 digits
 * @param parameters  the drawn patient
 * @param design      the placed waves (the ground truth of where each wave is)
 * @param measurement targets and fiducials measured on the noise-free rendering
 * @param noiseFree   noise-free signal of {@link Lead#INDEPENDENT_8}, [8, samples] µV (copied)
 * @param noisy       the same plus white noise, [8, samples] µV (copied): what the store keeps
 * @param samples     samples per lead
 */
public record SyntheticBeat(long index, String id, BeatParameters parameters, BeatDesign design,
        BeatMeasurement measurement, float[] noiseFree, float[] noisy, int samples) {

    public SyntheticBeat {
        noiseFree = noiseFree.clone();
        noisy = noisy.clone();
    }

    /** @return the noise-free signal of {@link Lead#INDEPENDENT_8}, [8, samples] µV (a copy) */
    @Override
    public float[] noiseFree() {
        return noiseFree.clone();
    }

    /** @return the stored (noisy) signal of {@link Lead#INDEPENDENT_8}, [8, samples] µV (a copy) */
    @Override
    public float[] noisy() {
        return noisy.clone();
    }

    /**
     * @param leads any layout derivable from the eight independent leads (e.g. {@link Lead#STANDARD_12}); derived
     *              limb leads are computed from the noisy float32 I and II by {@link LeadMapping}, so Einthoven's
     *              relations hold exactly
     * @return the record as stored: noisy signal, measured targets and fiducials
     */
    public EcgRecord record(List<Lead> leads) {
        float[] signal = LeadMapping.of(Lead.INDEPENDENT_8, leads).apply(noisy, samples);
        return new EcgRecord(id, leads, samples, signal, measurement.targets(), measurement.fiducials());
    }

    /** @return the same record without noise */
    public EcgRecord noiseFreeRecord(List<Lead> leads) {
        float[] signal = LeadMapping.of(Lead.INDEPENDENT_8, leads).apply(noiseFree, samples);
        return new EcgRecord(id, leads, samples, signal, measurement.targets(), measurement.fiducials());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyntheticBeat b && index == b.index && id.equals(b.id)
                && parameters.equals(b.parameters) && Arrays.equals(noisy, b.noisy);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(noisy);
    }
}
