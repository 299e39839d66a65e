package org.heatbench.datasets.importers.wfdb;

/**
 * One signal line of a WFDB header ({@code header(5)}):
 * {@code file format[xN][:skew][+offset] gain[(baseline)][/units] resolution zero initial checksum block description}.
 * Immutable.
 *
 * @param fileName        the signal file, a plain name in the header's folder
 * @param format          storage format code (16, 212, 80, ...)
 * @param samplesPerFrame samples of this signal per frame (1 unless {@code xN})
 * @param skew            skew in frames (0 unless {@code :skew})
 * @param byteOffset      bytes to skip at the start of the file ({@code +offset})
 * @param gain            ADC units per physical unit (WFDB's default 200 when absent or 0)
 * @param baseline        ADC value of 0 physical units (the ADC zero when not given in parentheses)
 * @param units           physical units as written ({@code mV} when absent)
 * @param adcResolution   bits, 0 when absent
 * @param adcZero         ADC value of the middle of the input range, 0 when absent
 * @param initialValue    first sample's value, or null when absent
 * @param checksum        16-bit checksum of all samples, or null when absent
 * @param blockSize       0 when absent
 * @param description     the signal's name, e.g. {@code ii}, {@code MLII}, {@code V5} ("" when absent)
 */
public record WfdbSignal(String fileName, int format, int samplesPerFrame, int skew, long byteOffset, double gain,
        double baseline, String units, int adcResolution, int adcZero, Integer initialValue, Integer checksum,
        int blockSize, String description) {

    /** Default gain when a header gives none or 0, ADC units per mV. */
    public static final double DEFAULT_GAIN = 200;

    /** @return µV per physical unit: 1000 for mV, 1 for uV/µV, 1e6 for V; NaN for anything else */
    public double microvoltsPerUnit() {
        return switch (units) {
            case "mV", "mv", "MV" -> 1000;
            case "uV", "uv", "µV", "UV" -> 1;
            case "V", "v" -> 1e6;
            case "nV", "nv" -> 1e-3;
            default -> Double.NaN;
        };
    }

    /** @return {@code adc} in µV: (adc − baseline) / gain × µV per unit */
    public double toMicrovolts(int adc) {
        return (adc - baseline) / gain * microvoltsPerUnit();
    }
}
