package org.heatbench.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;

/**
 * Training-time augmentation of median beats, applied to each training batch (never to validation or test): what
 * differs between median makers and recordings and must not change a prediction.
 * <ul>
 *   <li>per-lead amplitude scaling by a factor drawn log-uniformly from [1/s, s] (electrode placement, body
 *       habitus); a V5-amplitude target (µV) is scaled by V5's factor, which keeps it exact because it is a
 *       difference of V5 values;</li>
 *   <li>a time shift of every lead by up to ±{@code shiftSamples} samples, edges repeated (the QRS-onset position
 *       differs between median makers); intervals and amplitudes are unchanged;</li>
 *   <li>baseline: a per-lead offset (SD {@code offsetUv}) plus a sinusoid of up to {@code wanderUv} at 0.05–0.5 Hz
 *       with a random phase;</li>
 *   <li>white noise with an SD drawn from [0, {@code noiseUv}] per record;</li>
 *   <li>with {@code tailUv} &gt; 0, the window's end: from a sample drawn in the last 70–20 samples of the window
 *       (at 500 Hz the last 140–40 ms), per lead either a smooth step (raised-cosine rise over 10–60 samples) or a
 *       bump (Gaussian, σ 5–20 samples) of an amplitude drawn from [−{@code tailUv}, {@code tailUv}]. Real medians move
 *       there (the next P wave, U-wave tails, drift: the window's last 120 ms change by 18 µV median, 104 µV at the
 *       90th percentile in 99 LUDB medians, docs/SYNTHESIS.md) and a QT model trained without it read that movement as
 *       T wave. No target's fiducial lies there (the latest T end a v3 beat can have is sample 525), so every label
 *       stays exact. Drawn only when {@code tailUv} &gt; 0: the other components consume the stream as before.</li>
 * </ul>
 * Each record of a batch is augmented with probability {@code probability}, each component independently with
 * probability ½ then. Randomness comes only from the stream passed in (the trainer derives one per epoch from the
 * training seed), so a run is reproducible and a resumed run augments as an uninterrupted one. Immutable.
 *
 * @param probability  share of training records augmented, in [0, 1]; 0 disables augmentation
 * @param leadScale    s ≥ 1: per-lead factors in [1/s, s]
 * @param shiftSamples largest time shift, samples
 * @param offsetUv     SD of the per-lead offset, µV
 * @param wanderUv     largest baseline-wander amplitude, µV
 * @param noiseUv      largest white-noise SD, µV
 * @param tailUv       largest amplitude of the window-end step or bump, µV (0: none)
 */
public record Augmentation(double probability, double leadScale, int shiftSamples, double offsetUv, double wanderUv,
        double noiseUv, double tailUv) {

    /** No augmentation (the study's training). */
    public static final Augmentation NONE = new Augmentation(0, 1, 0, 0, 0, 0, 0);
    /**
     * The augmentation of the models shipped before generator v3: ×0.8–1.25 per lead, ±10 samples, 30 µV offsets,
     * 50 µV wander, ≤ 10 µV noise.
     */
    public static final Augmentation DEFAULT = new Augmentation(0.8, 1.25, 10, 30, 50, 10, 0);
    /** {@link #DEFAULT} plus window-end steps and bumps of up to 60 µV ({@code --augment realistic}). */
    public static final Augmentation REALISTIC = new Augmentation(0.8, 1.25, 10, 30, 50, 10, 60);

    /** The five-component form (no window-end component). */
    public Augmentation(double probability, double leadScale, int shiftSamples, double offsetUv, double wanderUv,
            double noiseUv) {
        this(probability, leadScale, shiftSamples, offsetUv, wanderUv, noiseUv, 0);
    }

    public Augmentation {
        if (!(probability >= 0 && probability <= 1) || !(leadScale >= 1 && leadScale <= 4) || shiftSamples < 0
                || !(offsetUv >= 0) || !(wanderUv >= 0) || !(noiseUv >= 0) || !(tailUv >= 0)) {
            throw new ConfigurationException("invalid augmentation: probability in [0, 1], lead scale in [1, 4], "
                    + "non-negative shift, offset, wander, noise and tail required");
        }
    }

    /**
     * Parses {@code none}, {@code default}, {@code realistic} or
     * {@code p=0.8,scale=1.25,shift=10,offset=30,wander=50,noise=10,tail=60} (missing keys take {@link #DEFAULT}'s).
     */
    public static Augmentation parse(String s) {
        if (s == null || s.isBlank() || s.equals("none")) {
            return NONE;
        }
        if (s.equals("default")) {
            return DEFAULT;
        }
        if (s.equals("realistic")) {
            return REALISTIC;
        }
        double p = DEFAULT.probability;
        double scale = DEFAULT.leadScale;
        int shift = DEFAULT.shiftSamples;
        double offset = DEFAULT.offsetUv;
        double wander = DEFAULT.wanderUv;
        double noise = DEFAULT.noiseUv;
        double tail = DEFAULT.tailUv;
        for (String kv : s.split(",")) {
            String[] parts = kv.split("=", 2);
            if (parts.length != 2) {
                throw new ConfigurationException("augmentation '" + s + "': expected key=value, got '" + kv + "'");
            }
            double v;
            try {
                v = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException("augmentation '" + s + "': '" + parts[1] + "' is not a number");
            }
            switch (parts[0].trim()) {
                case "p" -> p = v;
                case "scale" -> scale = v;
                case "shift" -> shift = (int) v;
                case "offset" -> offset = v;
                case "wander" -> wander = v;
                case "noise" -> noise = v;
                case "tail" -> tail = v;
                default -> throw new ConfigurationException("augmentation '" + s + "': unknown key '" + parts[0]
                        + "' (p, scale, shift, offset, wander, noise, tail)");
            }
        }
        return new Augmentation(p, scale, shift, offset, wander, noise, tail);
    }

    /** @return whether any record is augmented */
    public boolean enabled() {
        return probability > 0;
    }

    /**
     * Augments the first {@code n} records of a training batch in place.
     *
     * @param batch   rows of {@code leads.size() × samples} µV values followed by one standardised target
     * @param n       records in the batch
     * @param leads   the batch's leads (V5's factor scales a V5-amplitude target)
     * @param samples samples per lead
     * @param target  the regressed target
     * @param norm    the target standardisation (to rescale an amplitude target)
     * @param rng     the augmentation stream
     */
    public void apply(float[] batch, int n, List<Lead> leads, int samples, Target target, Normalization norm,
            UniformRandomProvider rng) {
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        int nl = leads.size();
        int rec = nl * samples;
        int row = rec + 1;
        int v5 = leads.indexOf(Lead.V5);
        boolean amplitudeTarget = "uV".equals(target.unit());
        double[] tmp = new double[samples];
        for (int r = 0; r < n; r++) {
            if (rng.nextDouble() >= probability) {
                continue;
            }
            int base = r * row;
            boolean doScale = rng.nextBoolean();
            boolean doShift = rng.nextBoolean();
            boolean doBaseline = rng.nextBoolean();
            boolean doNoise = rng.nextBoolean();
            int shift = shiftSamples > 0 ? rng.nextInt(2 * shiftSamples + 1) - shiftSamples : 0;
            double noiseSd = noiseUv * rng.nextDouble();
            double wanderHz = 0.05 + 0.45 * rng.nextDouble();
            double[] tail = null;
            if (tailUv > 0 && rng.nextBoolean()) {
                // {start, rise or σ (samples), 1 for a bump / 0 for a step}
                boolean bump = rng.nextBoolean();
                tail = new double[] {samples - 70 + 50 * rng.nextDouble(),
                        bump ? 5 + 15 * rng.nextDouble() : 10 + 50 * rng.nextDouble(), bump ? 1 : 0};
            }
            for (int k = 0; k < nl; k++) {
                int off = base + k * samples;
                double factor = Math.exp(Math.log(leadScale) * (2 * rng.nextDouble() - 1));
                double offset = offsetUv * gauss.sample();
                double wander = wanderUv * rng.nextDouble();
                double phase = 2 * Math.PI * rng.nextDouble();
                for (int i = 0; i < samples; i++) {
                    int src = doShift ? Math.min(samples - 1, Math.max(0, i - shift)) : i;
                    tmp[i] = batch[off + src];
                }
                for (int i = 0; i < samples; i++) {
                    double v = tmp[i];
                    if (doScale) {
                        v *= factor;
                    }
                    if (doBaseline) {
                        v += offset + wander * Math.sin(2 * Math.PI * wanderHz * i / 500.0 + phase);
                    }
                    if (doNoise) {
                        v += noiseSd * gauss.sample();
                    }
                    batch[off + i] = (float) v;
                }
                if (tail != null) {
                    addTail(batch, off, samples, tail, (2 * rng.nextDouble() - 1) * tailUv);
                }
                if (doScale && k == v5 && amplitudeTarget) {
                    double y = norm.denormalise(batch[base + rec]) * factor;
                    batch[base + rec] = (float) norm.normalise(y);
                }
            }
        }
    }

    /** Adds a window-end step or bump of amplitude {@code a} to one lead (see the class comment). */
    private static void addTail(float[] batch, int off, int samples, double[] tail, double a) {
        double start = tail[0];
        double width = tail[1];
        for (int i = (int) Math.floor(start); i < samples; i++) {
            double x = i - start;
            double shape;
            if (tail[2] == 1) {
                double d = x - 2.5 * width; // the bump's peak 2.5σ after the start: nothing before the start
                shape = x < 0 ? 0 : Math.exp(-d * d / (2 * width * width));
            } else {
                shape = x < 0 ? 0 : x >= width ? 1 : (1 - Math.cos(Math.PI * x / width)) / 2;
            }
            batch[off + i] += (float) (a * shape);
        }
    }

    /** @return the settings and what they do, for the model card */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled());
        if (!enabled()) {
            return m;
        }
        m.put("probability", probability);
        m.put("lead_scale", "per lead, log-uniform in [" + (1 / leadScale) + ", " + leadScale + "]; V5-amplitude "
                + "targets scaled with V5");
        m.put("time_shift_samples", shiftSamples);
        m.put("offset_sd_uv", offsetUv);
        m.put("wander_max_uv", wanderUv + " at 0.05-0.5 Hz, random phase per lead");
        m.put("noise_max_sd_uv", noiseUv);
        if (tailUv > 0) {
            m.put("tail_max_uv", tailUv + ": a step (raised cosine, 10-60 samples) or bump (Gaussian, sigma 5-20 "
                    + "samples) per lead from a sample in the window's last 70-20");
        }
        m.put("components", "each augmented record: each of scale, shift, baseline, noise" + (tailUv > 0 ? ", tail"
                : "") + " with probability 0.5");
        m.put("stream", "SeedSequence(seed).forItem(2^40 + epoch), consumed in batch order");
        m.put("spec", String.format(java.util.Locale.ROOT, "p=%s,scale=%s,shift=%d,offset=%s,wander=%s,noise=%s",
                probability, leadScale, shiftSamples, offsetUv, wanderUv, noiseUv) + (tailUv > 0 ? ",tail=" + tailUv
                : ""));
        return m;
    }
}
