package org.heatbench.datasets.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SeedSequence;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.SampleType;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic median-beat generator: a dipole model projected by the Dower transform onto the eight independent
 * leads (facts in {@code ../shared/docs/ecg-synthesis.md}; design in {@code docs/DATASET_FORMAT.md}).
 *
 * <p>Record {@code i} is a pure function of (config, i): its random stream is {@link SeedSequence#forItem}(i) of
 * the config's seed, used in a fixed order (parameters, then noise). The output therefore does not depend on the
 * number of threads, the order in which records are generated, or the shard size. Per record: draw
 * {@link BeatParameters} ({@link ParameterSampler}) → place waves ({@link BeatDesign}) → render noise-free
 * ({@link RenderedBeat}) → measure targets and fiducials on that rendering ({@link BeatMeasurer}) → add white noise
 * to the eight independent leads, round to float32, derive the other four leads exactly.
 *
 * <p>Thread-safe: {@link #beat} may be called from any thread.
 */
public final class SyntheticEcgGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticEcgGenerator.class);

    private final GeneratorConfig config;
    private final SeedSequence seeds;
    private final PatientSampler sampler;
    private final BeatMeasurer measurer;

    private SyntheticEcgGenerator(GeneratorConfig config) {
        this.config = config;
        this.seeds = new SeedSequence(config.seed());
        this.sampler = config.isRealistic()
                ? new RealisticSampler(config.borderlineFraction(), config.noiseMinUv(), config.noiseMaxUv(),
                        config.qrsOnsetMeanMs(), config.qrsOnsetSdMs(), config.version())
                : new ParameterSampler(config.borderlineFraction(), config.noiseMinUv(), config.noiseMaxUv(),
                        config.qrsOnsetMeanMs(), config.qrsOnsetSdMs());
        this.measurer = new BeatMeasurer(config.onsetFraction(), config.tEnd());
    }

    public static SyntheticEcgGenerator of(GeneratorConfig config) {
        return new SyntheticEcgGenerator(config);
    }

    public GeneratorConfig config() {
        return config;
    }

    /** @return the id of record {@code index}: {@code synth-00000042} */
    public static String idOf(long index) {
        return String.format("synth-%08d", index);
    }

    /** Generates record {@code index} (any index, also beyond the configured count). */
    public SyntheticBeat beat(long index) {
        UniformRandomProvider rng = seeds.forItem(index);
        BeatParameters p = sampler.sample(rng);
        BeatDesign design = BeatDesign.place(p, config.windowMs(), config.onsetFraction(), config.nextBeat());
        RenderedBeat rendered = RenderedBeat.render(design, config.samplingRateHz(), config.samples());
        BeatMeasurement m = measurer.measure(rendered, p.rrMs());
        int n = config.samples();
        int leads = DowerProjection.LEADS.size();
        float[] clean = new float[leads * n];
        float[] noisy = new float[leads * n];
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double sd = p.noiseSdUv();
        if (p.artefacts().isNone()) {
            for (int k = 0; k < leads; k++) {
                for (int i = 0; i < n; i++) {
                    double v = rendered.lead(k, i);
                    clean[k * n + i] = (float) v;
                    noisy[k * n + i] = (float) (v + sd * gauss.sample());
                }
            }
        } else {
            double[] noise = ArtefactNoise.render(p.artefacts(), sd, leads, n, config.samplingRateHz(), rng);
            double q = p.artefacts().quantumUv();
            for (int k = 0; k < leads; k++) {
                for (int i = 0; i < n; i++) {
                    double v = rendered.lead(k, i);
                    clean[k * n + i] = (float) v;
                    double x = v + noise[k * n + i];
                    noisy[k * n + i] = (float) (q > 0 ? q * Math.rint(x / q) : x);
                }
            }
        }
        return new SyntheticBeat(index, idOf(index), p, design, m, clean, noisy, n);
    }

    /**
     * A store spec matching this generator: its rate and window, the given leads, float32 uncompressed, default
     * shard size, the given split policy, and provenance listing every content-relevant setting.
     */
    public StoreSpec storeSpec(List<Lead> leads, SplitPolicy splitPolicy) {
        Provenance provenance = new Provenance("synthetic", StoreSpec.tool(),
                "HeatBench synthetic median beats, model " + config.model()
                        // visible wherever only the source is shown (run.json, reports); the threshold keeps the
                        // string of the stores made before the tangent definition, byte for byte
                        + (config.isRealistic() && config.tEnd() == TEndDefinition.TANGENT ? ", T end by the tangent method"
                                : ""), config.asParameters());
        return new StoreSpec(leads, config.samplingRateHz(), config.samples(), SampleType.FLOAT32, 1.0, 0,
                StoreSpec.DEFAULT_SHARD_SIZE, splitPolicy, provenance);
    }

    /**
     * Generates {@code config.count()} records into {@code writer} with {@code threads} worker threads, shard by
     * shard, and finishes the store. On failure or interrupt the workers stop, nothing more is written, and the
     * exception propagates; the caller's {@link StoreWriter#close()} then leaves the store marked incomplete.
     *
     * @param writer  a fresh writer whose spec has this generator's sampling rate and window length
     * @param threads worker threads, at least 1
     * @return the finished manifest
     */
    public StoreManifest generate(StoreWriter writer, int threads) {
        StoreSpec spec = writer.spec();
        if (spec.samplingRateHz() != config.samplingRateHz() || spec.samples() != config.samples()) {
            throw new ConfigurationException("store spec (" + spec.samplingRateHz() + " Hz x " + spec.samples()
                    + ") does not match the generator (" + config.samplingRateHz() + " Hz x " + config.samples() + ")");
        }
        if (threads < 1) {
            throw new ConfigurationException("threads must be at least 1, got " + threads);
        }
        long count = config.count();
        int shardSize = spec.shardSize();
        long shardCount = (count + shardSize - 1) / shardSize;
        if (shardCount > Integer.MAX_VALUE) {
            throw new ConfigurationException("too many shards: raise the shard size");
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synth-generator");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    int shard;
                    try {
                    while (!failed.get() && (shard = next.getAndIncrement()) < shardCount
                            && !Thread.currentThread().isInterrupted()) {
                        long from = (long) shard * shardSize;
                        long to = Math.min(count, from + shardSize);
                        List<EcgRecord> records = new ArrayList<>((int) (to - from));
                        for (long i = from; i < to; i++) {
                            records.add(beat(i).record(spec.leads()));
                        }
                        writer.writeShard(shard, records);
                        long total = done.addAndGet(to - from);
                        LOG.info("generated {} / {} records ({} s)", total, count,
                                String.format("%.1f", (System.nanoTime() - started) / 1e9));
                    }
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeatBenchException("generation interrupted; the store stays incomplete", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new HeatBenchException("generation failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        return writer.finish();
    }
}
