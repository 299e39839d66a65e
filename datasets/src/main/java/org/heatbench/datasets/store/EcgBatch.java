package org.heatbench.datasets.store;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;

/**
 * A batch of records read from a store: their signals as one contiguous float32 block, plus ids, store indices,
 * targets, fiducials and splits. Immutable.
 *
 * <p>Signals are laid out [n, leads, samples] row-major in µV — exactly the input tensor of the ONNX models
 * ({@code ecg} [N, 8, 600] for the 8-lead models): value {@code (i, k, t)} is at
 * {@code (i * leads + k) * samples + t}. {@link #signalBuffer()} gives a read-only view without copying (hand it to
 * {@code OnnxTensor.createTensor(env, buffer, shape())}); {@link #signals()} a copy.
 */
public final class EcgBatch {
    private final List<Lead> leads;
    private final int samples;
    private final double samplingRateHz;
    private final float[] signals;
    private final int[] indices;
    private final String[] ids;
    private final Targets[] targets;
    private final Fiducials[] fiducials;
    private final Split[] splits;

    EcgBatch(List<Lead> leads, int samples, double samplingRateHz, float[] signals, int[] indices, String[] ids,
            Targets[] targets, Fiducials[] fiducials, Split[] splits) {
        this.leads = List.copyOf(leads);
        this.samples = samples;
        this.samplingRateHz = samplingRateHz;
        this.signals = Objects.requireNonNull(signals);
        this.indices = indices;
        this.ids = ids;
        this.targets = targets;
        this.fiducials = fiducials;
        this.splits = splits;
        if (signals.length != indices.length * leads.size() * samples) {
            throw new IllegalArgumentException("signal block size does not match the batch shape");
        }
    }

    /** @return records in the batch */
    public int size() {
        return indices.length;
    }

    public List<Lead> leads() {
        return leads;
    }

    /** @return samples per lead */
    public int samples() {
        return samples;
    }

    public double samplingRateHz() {
        return samplingRateHz;
    }

    /** @return {@code {n, leads, samples}}, the tensor shape of {@link #signals()} */
    public long[] shape() {
        return new long[] {indices.length, leads.size(), samples};
    }

    /** @return a copy of all signals, [n, leads, samples] row-major, µV */
    public float[] signals() {
        return signals.clone();
    }

    /** @return a read-only view of all signals, [n, leads, samples] row-major, µV, positioned at 0; no copy */
    public FloatBuffer signalBuffer() {
        return FloatBuffer.wrap(signals).asReadOnlyBuffer();
    }

    /** Copies all signals into {@code dst} from {@code offset}. */
    public void copySignalsTo(float[] dst, int offset) {
        System.arraycopy(signals, 0, dst, offset, signals.length);
    }

    /** @return sample {@code t} of lead number {@code lead} of record {@code i} in the batch */
    public float sample(int i, int lead, int t) {
        Objects.checkIndex(lead, leads.size());
        Objects.checkIndex(t, samples);
        return signals[(Objects.checkIndex(i, indices.length) * leads.size() + lead) * samples + t];
    }

    /** @return a copy of record {@code i}'s signal, [leads, samples] */
    public float[] signal(int i) {
        int per = leads.size() * samples;
        int from = Objects.checkIndex(i, indices.length) * per;
        return Arrays.copyOfRange(signals, from, from + per);
    }

    /** @return the store index of record {@code i} in the batch */
    public int index(int i) {
        return indices[i];
    }

    /** @return the store indices of the batch's records, in batch order (a copy) */
    public int[] indices() {
        return indices.clone();
    }

    public String id(int i) {
        return ids[i];
    }

    /** @return the ids in batch order */
    public List<String> ids() {
        return List.of(ids);
    }

    public Targets targets(int i) {
        return targets[i];
    }

    /** @return one target over the batch, in batch order; NaN where missing */
    public double[] target(Target target) {
        double[] v = new double[indices.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = targets[i].get(target);
        }
        return v;
    }

    /** @return one target over the batch as float32 (e.g. for an ONNX label tensor); NaN where missing */
    public float[] targetFloats(Target target) {
        float[] v = new float[indices.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) targets[i].get(target);
        }
        return v;
    }

    public Fiducials fiducials(int i) {
        return fiducials[i];
    }

    public Split split(int i) {
        return splits[i];
    }

    /** @return record {@code i} as a standalone record (signal copied) */
    public EcgRecord record(int i) {
        return new EcgRecord(ids[i], leads, samples, signal(i), targets[i], fiducials[i]);
    }
}
