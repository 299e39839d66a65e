package org.heatbench.datasets.synth;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Renders model v2's additive noise for the independent leads: white noise, EMG (white noise smoothed by a
 * 3-sample moving average), mains interference, baseline wander (a slow sinusoid) and a constant offset, each lead
 * with its own phases. Draws from the record's stream in a fixed order (per lead: offset, wander phase, mains
 * phase, then the samples), so the result is a pure function of the stream's state.
 */
final class ArtefactNoise {

    private ArtefactNoise() {
    }

    /**
     * @param a       the artefacts
     * @param whiteSd SD of the white noise, µV
     * @param leads   number of leads
     * @param n       samples per lead
     * @param rateHz  sampling rate
     * @return [leads × n] noise, µV
     */
    static double[] render(Artefacts a, double whiteSd, int leads, int n, double rateHz,
            UniformRandomProvider rng) {
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] out = new double[leads * n];
        double[] emg = new double[n + 2];
        // a 3-sample mean of unit white noise has SD 1/√3: rescale to the drawn EMG SD
        double emgScale = a.emgUv() * Math.sqrt(3);
        for (int k = 0; k < leads; k++) {
            double offset = a.offsetSdUv() * gauss.sample();
            double wanderPhase = 2 * Math.PI * rng.nextDouble();
            double mainsPhase = 2 * Math.PI * rng.nextDouble();
            for (int i = 0; i < n + 2; i++) {
                emg[i] = gauss.sample();
            }
            for (int i = 0; i < n; i++) {
                double t = i / rateHz;
                double v = offset
                        + a.wanderUv() * Math.sin(2 * Math.PI * a.wanderHz() * t + wanderPhase)
                        + a.mainsUv() * Math.sin(2 * Math.PI * a.mainsHz() * t + mainsPhase)
                        + emgScale * (emg[i] + emg[i + 1] + emg[i + 2]) / 3
                        + whiteSd * gauss.sample();
                out[k * n + i] = v;
            }
        }
        return out;
    }
}
