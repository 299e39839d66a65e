package org.heatbench.datasets.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;

/**
 * Everything fixed for a whole store: the lead layout, sampling rate and window length, how samples are encoded,
 * the shard size, the split policy and the provenance. Immutable; change fields with the {@code with...} methods.
 *
 * @param leads          stored leads, in order (distinct, at least one)
 * @param samplingRateHz samples per second, &gt; 0
 * @param samples        samples per lead per record, &gt; 0
 * @param sampleType     on-disk sample encoding
 * @param scaleUv        µV per stored unit: 1 for {@link SampleType#FLOAT32}; for {@link SampleType#INT16} the
 *                       quantisation step (e.g. 1 for the study's int16 µV, 0.5 for finer synthetic data)
 * @param deflateLevel   0 for uncompressed chunks, 1–9 for byte-shuffle + deflate at that level
 * @param shardSize      records per shard file (the last shard may hold fewer); bounds the writer's memory to
 *                       about {@code shardSize × leads × samples × bytes} per shard being written
 * @param splitPolicy    how records are assigned to train/val/test
 * @param provenance     where the records came from
 */
public record StoreSpec(List<Lead> leads, double samplingRateHz, int samples, SampleType sampleType,
        double scaleUv, int deflateLevel, int shardSize, SplitPolicy splitPolicy, Provenance provenance) {

    /** Default records per shard: 4096 records of 12 × 600 float32 are 118 MB. */
    public static final int DEFAULT_SHARD_SIZE = 4096;

    public StoreSpec {
        leads = List.copyOf(leads);
        if (leads.isEmpty() || leads.stream().distinct().count() != leads.size()) {
            throw new ConfigurationException("store leads " + Lead.labels(leads) + " must be non-empty and distinct");
        }
        if (!(samplingRateHz > 0) || Double.isInfinite(samplingRateHz)) {
            throw new ConfigurationException("sampling rate must be a positive number of Hz, got " + samplingRateHz);
        }
        if (samples <= 0) {
            throw new ConfigurationException("samples per record must be positive, got " + samples);
        }
        Objects.requireNonNull(sampleType, "sampleType");
        if (!(scaleUv > 0) || Double.isInfinite(scaleUv)) {
            throw new ConfigurationException("scale must be a positive number of µV per unit, got " + scaleUv);
        }
        if (sampleType == SampleType.FLOAT32 && scaleUv != 1.0) {
            throw new ConfigurationException("a float32 store holds µV directly: scale must be 1, got " + scaleUv);
        }
        if (deflateLevel < 0 || deflateLevel > 9) {
            throw new ConfigurationException("deflate level must be 0 (none) to 9, got " + deflateLevel);
        }
        if (shardSize <= 0) {
            throw new ConfigurationException("shard size must be positive, got " + shardSize);
        }
        long shardBytes = (long) shardSize * leads.size() * samples * sampleType.bytes();
        if (shardBytes > Integer.MAX_VALUE - 1024) {
            throw new ConfigurationException("a shard of " + shardSize + " records would hold " + shardBytes
                    + " bytes of signal; the HDF5 writer allows at most 2 GB per shard: lower the shard size");
        }
        Objects.requireNonNull(splitPolicy, "splitPolicy");
        Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * A float32, uncompressed spec with default shard size, the default split policy and an "unspecified"
     * provenance.
     */
    public static StoreSpec of(List<Lead> leads, double samplingRateHz, int samples) {
        return new StoreSpec(leads, samplingRateHz, samples, SampleType.FLOAT32, 1.0, 0, DEFAULT_SHARD_SIZE,
                SplitPolicy.DEFAULT, new Provenance("unspecified", tool(), "unspecified", Map.of()));
    }

    /** @return {@code heatbench-datasets <version>}, the tool name written into provenance */
    public static String tool() {
        return "heatbench-datasets " + HeatBenchVersion.get();
    }

    public StoreSpec withLeads(List<Lead> newLeads) {
        return new StoreSpec(newLeads, samplingRateHz, samples, sampleType, scaleUv, deflateLevel, shardSize,
                splitPolicy, provenance);
    }

    public StoreSpec withSampling(double rateHz, int newSamples) {
        return new StoreSpec(leads, rateHz, newSamples, sampleType, scaleUv, deflateLevel, shardSize, splitPolicy,
                provenance);
    }

    /** @param scale µV per unit; must be 1 for float32 */
    public StoreSpec withSampleType(SampleType type, double scale) {
        return new StoreSpec(leads, samplingRateHz, samples, type, scale, deflateLevel, shardSize, splitPolicy,
                provenance);
    }

    public StoreSpec withDeflate(int level) {
        return new StoreSpec(leads, samplingRateHz, samples, sampleType, scaleUv, level, shardSize, splitPolicy,
                provenance);
    }

    public StoreSpec withShardSize(int size) {
        return new StoreSpec(leads, samplingRateHz, samples, sampleType, scaleUv, deflateLevel, size, splitPolicy,
                provenance);
    }

    public StoreSpec withSplitPolicy(SplitPolicy policy) {
        return new StoreSpec(leads, samplingRateHz, samples, sampleType, scaleUv, deflateLevel, shardSize, policy,
                provenance);
    }

    public StoreSpec withProvenance(Provenance p) {
        return new StoreSpec(leads, samplingRateHz, samples, sampleType, scaleUv, deflateLevel, shardSize,
                splitPolicy, p);
    }

    /** @return values per record: leads × samples */
    public int valuesPerRecord() {
        return leads.size() * samples;
    }
}
