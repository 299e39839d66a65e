package org.heatbench.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.LeadMapping;
import org.heatbench.datasets.signal.MedianBeat;
import org.heatbench.datasets.signal.MedianBeatBuilder;
import org.heatbench.datasets.signal.Measurements;
import org.heatbench.datasets.signal.QrsDetector;
import org.heatbench.datasets.signal.Recording;
import org.heatbench.datasets.synth.BeatDesign;
import org.heatbench.datasets.synth.BeatParameters;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.RenderedBeat;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Median beat + delineation + measurements of one 10-s 12-lead rhythm at 500 Hz on one thread (the budget:
 * ≤ 5 ms, i.e. ≥ 200 records/s per core), and QRS detection alone. The rhythm is a synthetic patient (generator
 * seed 1, record {@code patient}) at {@code hr} bpm with 10 µV white noise.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SignalBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class SignalBenchmark {
    @Param({"70", "120"})
    public double hr;

    @Param({"3"})
    public long patient;

    private Recording rhythm;
    private final MedianBeatBuilder builder = MedianBeatBuilder.muse();
    private final QrsDetector detector = QrsDetector.standard();

    @Setup
    public void setUp() {
        GeneratorConfig c = GeneratorConfig.legacy(1, 1);
        BeatParameters p = SyntheticEcgGenerator.of(c).beat(patient).parameters();
        double rr = 60000 / hr;
        BeatParameters q = new BeatParameters(p.male(), p.borderline(), rr, 5000, p.prMs(), p.pDurationMs(),
                p.qrsMs(), p.qtcMs() - 154 * (1 - rr / 1000), p.qtcMs(), Math.min(p.tPeakToEndMs(), 100),
                p.rAmpV5Uv(), p.tAmpV5Uv(), p.stjV5Uv(), p.pAmpUv(), p.qRatio(), p.sRatio(), p.qrsSigmaDivisor(),
                p.tLeftRatio(), p.dirP(), p.dirQ(), p.dirR(), p.dirS(), p.dirT(), 10, p.rPrimeRatio(), p.dirRPrime(), p.uRatio(), p.artefacts(),
                p.taRatio(), p.taDurationMs(), p.tangentPlacement(), p.uSigmaMs(), p.nextP(),
                p.tDispersion(), p.qrsBody());
        RenderedBeat r = RenderedBeat.render(BeatDesign.place(q, 10_000, c.onsetFraction()), 500, 5000);
        SplittableRandom rng = new SplittableRandom(1);
        float[] eight = new float[8 * 5000];
        for (int k = 0; k < 8; k++) {
            double[] lead = r.lead(Lead.INDEPENDENT_8.get(k));
            for (int t = 0; t < 5000; t++) {
                double u = 1 - rng.nextDouble();
                double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
                eight[k * 5000 + t] = (float) (lead[t] + 10 * g);
            }
        }
        float[] twelve = LeadMapping.of(Lead.INDEPENDENT_8, Lead.STANDARD_12).apply(eight, 5000);
        rhythm = new Recording("bench", Lead.STANDARD_12, 5000, 500, twelve);
    }

    /** Detection, beat selection, median, delineation and the seven measurements. */
    @Benchmark
    public Measurements medianAndDelineation() {
        MedianBeat m = builder.build(rhythm);
        return Measurements.of(m.beat(), m.delineation(), m.meanRrMs());
    }

    /** QRS detection alone. */
    @Benchmark
    public int detect() {
        return detector.detect(rhythm).count();
    }
}
