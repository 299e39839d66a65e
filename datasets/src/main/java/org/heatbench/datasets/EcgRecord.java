package org.heatbench.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.heatbench.core.InvalidInputException;

/**
 * One median beat with its id, targets and fiducials. Immutable: the signal is copied in and out.
 *
 * <p>The signal is laid out [leads, samples] row-major: sample {@code t} of lead {@code k} is at
 * {@code k * samples + t}. Amplitudes are µV. The record itself does not reject NaN or infinite samples (a reader
 * may need to represent what a file holds); {@link #firstNonFinite()} finds them, and the store writer rejects them.
 *
 * @param id        the record id, unique within a store; non-blank, no control characters
 * @param leads     the leads of the signal, in order
 * @param samples   samples per lead
 * @param signal    [leads, samples] in µV (copied)
 * @param targets   target values, NaN where missing
 * @param fiducials fiducial sample indices, -1 where unknown
 */
public record EcgRecord(String id, List<Lead> leads, int samples, float[] signal, Targets targets,
        Fiducials fiducials) {

    public EcgRecord {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("record id '" + id + "' is blank or contains control characters");
        }
        leads = List.copyOf(leads);
        if (leads.isEmpty() || leads.stream().distinct().count() != leads.size()) {
            throw new InvalidInputException("record " + id + ": leads " + Lead.labels(leads)
                    + " must be non-empty and distinct");
        }
        if (samples <= 0 || signal.length != leads.size() * samples) {
            throw new InvalidInputException("record " + id + ": signal has " + signal.length + " values, expected "
                    + leads.size() + " leads x " + samples + " samples");
        }
        signal = signal.clone();
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(fiducials, "fiducials");
    }

    /** @return a copy of the signal, [leads, samples] µV */
    @Override
    public float[] signal() {
        return signal.clone();
    }

    /** @return sample {@code t} of lead number {@code lead} (an index into {@link #leads()}) */
    public float sample(int lead, int t) {
        return signal[lead * samples + t];
    }

    /** @return a copy of one lead's samples, or throws when the record lacks the lead */
    public float[] lead(Lead lead) {
        int k = leads.indexOf(lead);
        if (k < 0) {
            throw new InvalidInputException("record " + id + " has no lead " + lead.label());
        }
        return Arrays.copyOfRange(signal, k * samples, (k + 1) * samples);
    }

    /** Copies the samples of lead number {@code lead} (an index into {@link #leads()}) into {@code dst}. */
    public void copyLeadTo(int lead, float[] dst, int offset) {
        System.arraycopy(signal, lead * samples, dst, offset, samples);
    }

    /** Copies the signal into {@code dst} starting at {@code offset}. */
    public void copySignalTo(float[] dst, int offset) {
        System.arraycopy(signal, 0, dst, offset, signal.length);
    }

    /** @return this record's signal in another lead layout (see {@link LeadMapping}) */
    public EcgRecord withLeads(List<Lead> wanted) {
        LeadMapping mapping = LeadMapping.of(leads, wanted);
        return new EcgRecord(id, wanted, samples, mapping.apply(signal, samples), targets, fiducials);
    }

    /**
     * @return "lead L sample t is NaN" for the first non-finite sample, or null when every sample is finite
     */
    public String firstNonFinite() {
        for (int i = 0; i < signal.length; i++) {
            if (!Float.isFinite(signal[i])) {
                return "lead " + leads.get(i / samples).label() + " sample " + (i % samples) + " is " + signal[i];
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcgRecord r && id.equals(r.id) && leads.equals(r.leads) && samples == r.samples
                && Arrays.equals(signal, r.signal) && targets.equals(r.targets) && fiducials.equals(r.fiducials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, leads, samples, Arrays.hashCode(signal), targets, fiducials);
    }

    @Override
    public String toString() {
        return "EcgRecord[" + id + ", " + Lead.labels(leads) + " x " + samples + ", " + targets + ", " + fiducials
                + "]";
    }
}
