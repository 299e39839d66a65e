package org.heatbench.datasets.synth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.heatbench.core.ConfigurationException;

/**
 * Settings of the synthetic generator; everything that influences the generated content (thread count and shard
 * size do not). Immutable.
 *
 * @param count              number of records
 * @param seed               master seed; record i draws from its own stream derived from (seed, i)
 * @param samplingRateHz     sampling rate (default 500)
 * @param samples            samples per lead (default 600 = 1.2 s)
 * @param qrsOnsetMeanMs     mean QRS onset from the window start (default 436 ms = sample 218 at 500 Hz)
 * @param qrsOnsetSdMs       its SD (default 9 ms)
 * @param borderlineFraction share of records with one measure in its borderline zone (default 0.15)
 * @param noiseMinUv         lower bound of the per-record white-noise SD (default 5 µV)
 * @param noiseMaxUv         upper bound (default 10 µV)
 * @param onsetFraction      onset/offset threshold as a fraction of the wave group's peak (default e<sup>−4.5</sup>)
 * @param model              the beat model: {@link #MODEL_V4} (v3 plus dispersed repolarisation in the wide-QRS
 *                           family), {@link #MODEL_V3} (default: v2 plus atrial repolarisation and a T wave
 *                           placed on its tangent end), {@link #MODEL_V2} (realistic population, artefacts) or
 *                           {@link #MODEL_V1} (the original close-to-normal population, white noise only)
 * @param nextBeat           whether the neighbouring beats are drawn into the window (v1 always; v2–v4 default false:
 *                           median makers such as GE 12SL output one beat, isoelectric after T)
 * @param tEnd               how the ground truth ends the T wave (QT target, {@code t_off} fiducial): v2 default
 *                           {@link TEndDefinition#TANGENT}, v1 always {@link TEndDefinition#THRESHOLD}; the waveform
 *                           is the same under both
 */
public record GeneratorConfig(long count, long seed, double samplingRateHz, int samples, double qrsOnsetMeanMs,
        double qrsOnsetSdMs, double borderlineFraction, double noiseMinUv, double noiseMaxUv, double onsetFraction,
        String model, boolean nextBeat, TEndDefinition tEnd) {

    /** The original beat model: output for a seed is unchanged since its release. */
    public static final String MODEL_V1 = "dipole-dower-v1";
    /** The realistic beat model (issue 15): wider morphology, artefacts, one beat per window by default. */
    public static final String MODEL_V2 = "dipole-dower-v2";
    /**
     * Model v2 plus what real medians showed it lacked (docs/SYNTHESIS.md, "Model v3"): the atrial repolarisation
     * (Ta) wave, which puts the PR segment — the QRS-onset reference of every amplitude — below the TP level, so that
     * the segment after T sits off that reference as in real medians; the T wave placed so that its tangent-method end
     * lands on the drawn QT (v2 placed its 1.1%-threshold end there, so its tangent QT population ran ≈ 30 ms short)
     * with a log-normal T peak-to-end interval of the tangent method; broader U waves, commoner at slow rates; the next
     * beat's P wave in half the windows.
     */
    public static final String MODEL_V3 = "dipole-dower-v3";
    /**
     * Model v3 plus the dispersed repolarisation of the bundle-branch-like wide-QRS family (docs/SYNTHESIS.md,
     * "Model v4"): a later, broader T-wave component ({@link TDispersion}) that gives those T waves the broad top and
     * long tail that real wide-QRS medians show, and with it a later T end. Every other family's noise-free signals are
     * those of v3 for the same seed.
     */
    public static final String MODEL_V4 = "dipole-dower-v4";
    /**
     * The default beat model; recorded in the provenance and changed whenever the signals for a seed change. How the
     * labels are measured on them is recorded as parameters of their own ({@code onset_fraction}, {@code t_end}).
     */
    public static final String MODEL = MODEL_V3;

    public GeneratorConfig {
        if (count < 0) {
            throw new ConfigurationException("record count must be non-negative, got " + count);
        }
        if (!(samplingRateHz >= 100) || samples < 100) {
            throw new ConfigurationException("the generator needs at least 100 Hz and 100 samples, got "
                    + samplingRateHz + " Hz x " + samples);
        }
        double windowMs = samples * 1000 / samplingRateHz;
        if (qrsOnsetMeanMs < 300 || qrsOnsetMeanMs + 650 > windowMs) {
            throw new ConfigurationException("QRS onset " + qrsOnsetMeanMs + " ms leaves no room for the P wave "
                    + "(300 ms before) and the T wave (650 ms after) in a " + windowMs + " ms window");
        }
        if (!(qrsOnsetSdMs >= 0 && qrsOnsetSdMs <= 20)) {
            throw new ConfigurationException("QRS onset SD must be within 0–20 ms, got " + qrsOnsetSdMs);
        }
        if (!(borderlineFraction >= 0 && borderlineFraction <= 1)) {
            throw new ConfigurationException("borderline fraction must be within [0, 1], got " + borderlineFraction);
        }
        if (!(noiseMinUv >= 0 && noiseMaxUv >= noiseMinUv && noiseMaxUv < 1000)) {
            throw new ConfigurationException("noise range must satisfy 0 <= min <= max, got " + noiseMinUv + " .. "
                    + noiseMaxUv + " µV");
        }
        if (!MODEL_V1.equals(model) && !MODEL_V2.equals(model) && !MODEL_V3.equals(model)
                && !MODEL_V4.equals(model)) {
            throw new ConfigurationException("unknown generator model '" + model + "': use " + MODEL_V1 + ", "
                    + MODEL_V2 + ", " + MODEL_V3 + " or " + MODEL_V4);
        }
        if (MODEL_V1.equals(model) && !nextBeat) {
            throw new ConfigurationException(MODEL_V1 + " always draws the neighbouring beats; use " + MODEL_V3
                    + " for an isoelectric window after T");
        }
        if (tEnd == null) {
            throw new ConfigurationException("the T-end definition is required (tangent or threshold)");
        }
        if (MODEL_V1.equals(model) && tEnd != TEndDefinition.THRESHOLD) {
            throw new ConfigurationException(MODEL_V1 + " ends the T wave at the threshold (its stores byte for byte); "
                    + "the tangent definition is for models v2 to v4");
        }
        if (MODEL_V4.equals(model) && tEnd != TEndDefinition.TANGENT) {
            throw new ConfigurationException(MODEL_V4 + " places its T waves on their tangent end; the threshold "
                    + "definition is for models v1 and v2");
        }
        if (!(onsetFraction > 0 && onsetFraction <= 0.05)) {
            throw new ConfigurationException("onset fraction must be within (0, 0.05], got " + onsetFraction);
        }
    }

    /**
     * The defaults, model v3: 500 Hz × 600 samples, QRS onset 434 ± 10 ms (GE 12SL puts it at sample 216 = 432 ms,
     * the HL7 aECG example at 434 ms, 7,233 MUSE medians at 436 ± 9 ms), 15% borderline, 1–8 µV white noise plus
     * artefacts, no neighbouring beats, f = e^−4.5, T offset by the tangent method.
     */
    public static GeneratorConfig defaults(long count, long seed) {
        return new GeneratorConfig(count, seed, 500, 600, 434, 10, 0.15, 1, 8, Math.exp(-4.5), MODEL_V3, false,
                TEndDefinition.TANGENT);
    }

    /** Model v4's defaults (otherwise as {@link #defaults}). */
    public static GeneratorConfig v4(long count, long seed) {
        return defaults(count, seed).withModel(MODEL_V4);
    }

    /** Model v2's defaults (otherwise as {@link #defaults}): v2 stores byte for byte. */
    public static GeneratorConfig v2(long count, long seed) {
        return new GeneratorConfig(count, seed, 500, 600, 434, 10, 0.15, 1, 8, Math.exp(-4.5), MODEL_V2, false,
                TEndDefinition.TANGENT);
    }

    /** Model v1's defaults (QRS onset 436 ± 9 ms, 5–10 µV white noise, neighbouring beats): its stores byte for byte. */
    public static GeneratorConfig legacy(long count, long seed) {
        return new GeneratorConfig(count, seed, 500, 600, 436, 9, 0.15, 5, 10, Math.exp(-4.5), MODEL_V1, true,
                TEndDefinition.THRESHOLD);
    }

    /**
     * @return the defaults of {@code model} ({@link #legacy} for v1, {@link #v2} for v2, {@link #defaults} for v3,
     *         {@link #v4} for v4); the short names v1–v4 are accepted
     */
    public static GeneratorConfig of(String model, long count, long seed) {
        if (MODEL_V1.equals(model) || "v1".equals(model)) {
            return legacy(count, seed);
        }
        if (MODEL_V2.equals(model) || "v2".equals(model)) {
            return v2(count, seed);
        }
        if (MODEL_V3.equals(model) || "v3".equals(model)) {
            return defaults(count, seed).withModel(MODEL_V3);
        }
        if (MODEL_V4.equals(model) || "v4".equals(model)) {
            return v4(count, seed);
        }
        throw new ConfigurationException("unknown generator model '" + model + "': use v1 (" + MODEL_V1 + "), v2 ("
                + MODEL_V2 + "), v3 (" + MODEL_V3 + ") or v4 (" + MODEL_V4 + ")");
    }

    public GeneratorConfig withBorderlineFraction(double fraction) {
        return new GeneratorConfig(count, seed, samplingRateHz, samples, qrsOnsetMeanMs, qrsOnsetSdMs, fraction,
                noiseMinUv, noiseMaxUv, onsetFraction, model, nextBeat, tEnd);
    }

    /** @return these settings with another beat model of the realistic family (v2–v4) */
    public GeneratorConfig withModel(String newModel) {
        return new GeneratorConfig(count, seed, samplingRateHz, samples, qrsOnsetMeanMs, qrsOnsetSdMs,
                borderlineFraction, noiseMinUv, noiseMaxUv, onsetFraction, newModel, nextBeat, tEnd);
    }

    public GeneratorConfig withNoise(double minUv, double maxUv) {
        return new GeneratorConfig(count, seed, samplingRateHz, samples, qrsOnsetMeanMs, qrsOnsetSdMs,
                borderlineFraction, minUv, maxUv, onsetFraction, model, nextBeat, tEnd);
    }

    /** @param mean QRS onset mean, ms from the window start; @param sd its SD, ms */
    public GeneratorConfig withQrsOnset(double mean, double sd) {
        return new GeneratorConfig(count, seed, samplingRateHz, samples, mean, sd, borderlineFraction, noiseMinUv,
                noiseMaxUv, onsetFraction, model, nextBeat, tEnd);
    }

    public GeneratorConfig withNextBeat(boolean next) {
        return new GeneratorConfig(count, seed, samplingRateHz, samples, qrsOnsetMeanMs, qrsOnsetSdMs,
                borderlineFraction, noiseMinUv, noiseMaxUv, onsetFraction, model, next, tEnd);
    }

    /**
     * @param definition how the ground truth ends the T wave; {@link TEndDefinition#THRESHOLD} reproduces v2 stores
     *                   made before the tangent definition (their provenance has no {@code t_end})
     */
    public GeneratorConfig withTEnd(TEndDefinition definition) {
        return new GeneratorConfig(count, seed, samplingRateHz, samples, qrsOnsetMeanMs, qrsOnsetSdMs,
                borderlineFraction, noiseMinUv, noiseMaxUv, onsetFraction, model, nextBeat, definition);
    }

    /** @return whether this is model v2, v3 or v4 (the realistic population; v1 is the close-to-normal one) */
    public boolean isRealistic() {
        return version() >= 2;
    }

    /** @return the beat model's version: 1, 2, 3 or 4 */
    public int version() {
        return switch (model) {
            case MODEL_V1 -> 1;
            case MODEL_V2 -> 2;
            case MODEL_V3 -> 3;
            default -> 4;
        };
    }

    /** @return the window length, ms */
    public double windowMs() {
        return samples * 1000 / samplingRateHz;
    }

    /**
     * @return every setting as provenance parameters (thread count and shard size excluded: they change nothing);
     *         {@code next_beat} and {@code t_end} only for models v2 to v4 (v1's provenance is unchanged: it always
     *         used the threshold)
     */
    public Map<String, String> asParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("count", Long.toString(count));
        m.put("seed", Long.toString(seed));
        m.put("sampling_rate_hz", Double.toString(samplingRateHz));
        m.put("samples", Integer.toString(samples));
        m.put("qrs_onset_mean_ms", Double.toString(qrsOnsetMeanMs));
        m.put("qrs_onset_sd_ms", Double.toString(qrsOnsetSdMs));
        m.put("borderline_fraction", Double.toString(borderlineFraction));
        m.put("noise_min_uv", Double.toString(noiseMinUv));
        m.put("noise_max_uv", Double.toString(noiseMaxUv));
        m.put("onset_fraction", Double.toString(onsetFraction));
        if (isRealistic()) {
            m.put("next_beat", Boolean.toString(nextBeat));
            // absent from v2 stores made before it existed: those used the threshold definition
            m.put("t_end", tEnd.key());
        }
        return m;
    }
}
