package org.heatbench.datasets.signal;

import java.util.List;
import java.util.SplittableRandom;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.LeadMapping;
import org.heatbench.datasets.synth.BeatDesign;
import org.heatbench.datasets.synth.BeatMeasurement;
import org.heatbench.datasets.synth.BeatMeasurer;
import org.heatbench.datasets.synth.BeatParameters;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.RenderedBeat;
import org.heatbench.datasets.synth.SyntheticBeat;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;

/**
 * Synthetic ECGs with exact fiducials from the HeatBench generator (dipole model, Dower leads): medians as the
 * generator stores them, and 10-s rhythms rendered from the same beat design over a longer window, with any heart
 * rate, noise level and QRS shape.
 */
final class SyntheticEcgs {
    static final double RATE = 500;
    private static final SyntheticEcgGenerator GEN = SyntheticEcgGenerator.of(GeneratorConfig.legacy(1, 7));

    private SyntheticEcgs() {
    }

    static SyntheticBeat median(long i) {
        return GEN.beat(i);
    }

    /** A rendered rhythm with its ground truth: beat k's fiducials are beat 0's plus k·RR. */
    record Rhythm(Recording recording, BeatParameters parameters, Fiducials beat0, double rrMs, double qrsOnsetMs,
            BeatMeasurement truth) {

        /** @return QRS-onset samples of every beat whose QRS middle lies inside the record (may be negative) */
        int[] qrsOnsets() {
            double rr = rrMs * RATE / 1000;
            double half = parameters.qrsMs() / 2 * RATE / 1000;
            int first = (int) Math.ceil((-half - beat0.qrsOn()) / rr);
            int last = (int) Math.floor((recording.samples() - 1 - half - beat0.qrsOn()) / rr);
            int[] out = new int[last - first + 1];
            for (int k = first; k <= last; k++) {
                out[k - first] = (int) Math.round(beat0.qrsOn() + k * rr);
            }
            return out;
        }
    }

    /**
     * @param i       generator record whose patient is used
     * @param hr      heart rate, bpm (QT follows by Framingham: QT = QTc − 154·(1 − RR))
     * @param noiseUv white-noise SD per independent lead, µV
     * @param qrsMs   QRS duration (NaN keeps the drawn one)
     * @param qRatio  |Q|/|R| (NaN keeps the drawn one)
     * @param sRatio  |S|/|R| (NaN keeps the drawn one)
     * @param seconds record length
     */
    static Rhythm rhythm(long i, double hr, double noiseUv, double qrsMs, double qRatio, double sRatio,
            double seconds, long seed) {
        BeatParameters p = GEN.beat(i).parameters();
        double rr = 60000 / hr;
        double qt = p.qtcMs() - 154 * (1 - rr / 1000);
        double onset = 1000 * seconds / 2 + 0.37 * rr; // beat 0 mid-record, so the train covers the whole record
        BeatParameters q = new BeatParameters(p.male(), p.borderline(), rr, onset, p.prMs(), p.pDurationMs(),
                Double.isNaN(qrsMs) ? p.qrsMs() : qrsMs, qt, p.qtcMs(), Math.min(p.tPeakToEndMs(), 0.35 * qt),
                p.rAmpV5Uv(), p.tAmpV5Uv(), p.stjV5Uv(), p.pAmpUv(), Double.isNaN(qRatio) ? p.qRatio() : qRatio,
                Double.isNaN(sRatio) ? p.sRatio() : sRatio, p.qrsSigmaDivisor(), p.tLeftRatio(), p.dirP(), p.dirQ(),
                p.dirR(), p.dirS(), p.dirT(), noiseUv, p.rPrimeRatio(), p.dirRPrime(), p.uRatio(), p.artefacts(),
                p.taRatio(), p.taDurationMs(), p.tangentPlacement(), p.uSigmaMs(), p.nextP(),
                p.tDispersion(), p.qrsBody());
        int n = (int) Math.round(seconds * RATE);
        GeneratorConfig c = GEN.config();
        BeatDesign design = BeatDesign.place(q, 1000 * seconds, c.onsetFraction());
        RenderedBeat rendered = RenderedBeat.render(design, RATE, n);
        BeatMeasurement m = new BeatMeasurer(c.onsetFraction()).measure(rendered, rr);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] eight = new float[8 * n];
        for (int k = 0; k < 8; k++) {
            double[] lead = rendered.lead(Lead.INDEPENDENT_8.get(k));
            for (int t = 0; t < n; t++) {
                eight[k * n + t] = (float) (lead[t] + noiseUv * gauss(rng));
            }
        }
        float[] twelve = LeadMapping.of(Lead.INDEPENDENT_8, Lead.STANDARD_12).apply(eight, n);
        Recording rec = new Recording("synth-rhythm-" + i + "-" + (int) hr + "bpm", Lead.STANDARD_12, n, RATE, twelve);
        return new Rhythm(rec, q, m.fiducials(), rr, onset, m);
    }

    static double gauss(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static Recording medianRecording(SyntheticBeat b) {
        return Recording.of(b.record(Lead.STANDARD_12), RATE);
    }

    static List<Lead> leads() {
        return Lead.STANDARD_12;
    }
}
