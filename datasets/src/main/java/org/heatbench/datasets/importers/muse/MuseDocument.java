package org.heatbench.datasets.importers.muse;

import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Lead;

/**
 * What a MUSE {@code <RestingECG>} file holds, as read by {@link MuseParser}. Immutable.
 *
 * @param measurements the text of every child of {@code <RestingECGMeasurements>} (not of
 *                     {@code <OriginalRestingECGMeasurements>}), by element name, e.g. {@code QOnset → "216"}
 * @param demographics the children of {@code <PatientDemographics>} by element name (empty when removed)
 * @param statements   the {@code <StmtText>} of {@code <Diagnosis>} (not {@code <OriginalDiagnosis>}), in order
 * @param waveforms    the {@code <Waveform>}s by {@code <WaveformType>} ({@code Median}, {@code Rhythm})
 * @param measurementMatrix the text (base64) of the root's {@code <MeasurementMatrix>}, 12SL's per-lead
 *                     measurements ({@link MeasurementMatrix}), or null when the file has none
 */
public record MuseDocument(Map<String, String> measurements, Map<String, String> demographics,
        List<String> statements, Map<String, Waveform> waveforms, String measurementMatrix) {

    /** A document without a measurement matrix. */
    public MuseDocument(Map<String, String> measurements, Map<String, String> demographics, List<String> statements,
            Map<String, Waveform> waveforms) {
        this(measurements, demographics, statements, waveforms, null);
    }

    public MuseDocument {
        measurements = Map.copyOf(measurements);
        demographics = Map.copyOf(demographics);
        statements = List.copyOf(statements);
        waveforms = Map.copyOf(waveforms);
    }

    /**
     * One decoded waveform.
     *
     * @param type    {@code Median} or {@code Rhythm}
     * @param rateHz  {@code SampleBase × 10^SampleExponent}
     * @param leads   the stored leads, in file order
     * @param samples samples per lead (equal for every lead)
     * @param signal  [leads, samples] µV: little-endian int16 × {@code LeadAmplitudeUnitsPerBit}
     */
    public record Waveform(String type, double rateHz, List<Lead> leads, int samples, float[] signal) {
        public Waveform {
            leads = List.copyOf(leads);
        }

        /** @return sample {@code t} of {@code lead} in µV, or NaN when the waveform lacks the lead */
        public double value(Lead lead, int t) {
            int k = leads.indexOf(lead);
            return k < 0 ? Double.NaN : signal[k * samples + t];
        }
    }
}
