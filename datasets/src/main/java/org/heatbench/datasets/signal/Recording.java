package org.heatbench.datasets.signal;

import java.util.List;
import java.util.Objects;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;

/**
 * A recording (rhythm strip or single beat) handed to the signal algorithms: id for messages, leads, sampling rate
 * and the samples [leads, samples] row-major in µV. The array is not copied (the algorithms never write to it);
 * callers must not change it while an algorithm runs.
 *
 * @param id      the record id, named in every message
 * @param leads   lead of each row
 * @param samples samples per lead
 * @param rateHz  sampling rate, Hz
 * @param signal  [leads, samples] µV
 */
public record Recording(String id, List<Lead> leads, int samples, double rateHz, float[] signal) {

    public Recording {
        Objects.requireNonNull(id, "id");
        leads = List.copyOf(leads);
        if (!(rateHz >= 50 && rateHz <= 20_000)) {
            throw new InvalidInputException("record " + id + ": sampling rate " + rateHz + " Hz is outside 50–20000 Hz");
        }
        if (leads.isEmpty() || samples <= 0 || signal.length != leads.size() * samples) {
            throw new InvalidInputException("record " + id + ": signal has " + signal.length + " values, expected "
                    + leads.size() + " leads x " + samples + " samples");
        }
        for (int i = 0; i < signal.length; i++) {
            if (!Float.isFinite(signal[i])) {
                throw new InvalidInputException("record " + id + ": lead " + leads.get(i / samples).label()
                        + " sample " + (i % samples) + " is " + signal[i] + "; samples must be finite");
            }
        }
    }

    /** @return the recording of an {@link EcgRecord} sampled at {@code rateHz} (the record's array is copied once) */
    public static Recording of(EcgRecord record, double rateHz) {
        return new Recording(record.id(), record.leads(), record.samples(), rateHz, record.signal());
    }

    /** @return the number of leads */
    public int leadCount() {
        return leads.size();
    }

    /** @return the duration, s */
    public double seconds() {
        return samples / rateHz;
    }

    /**
     * @return indices of the leads that carry independent information: every lead except III, aVR, aVL and aVF
     *         when I and II are both present (those four are exact combinations of I and II and would count the
     *         limb leads twice)
     */
    public int[] independentLeads() {
        boolean limbDerivable = leads.contains(Lead.I) && leads.contains(Lead.II);
        return java.util.stream.IntStream.range(0, leads.size())
                .filter(k -> !(limbDerivable && leads.get(k).isDerivedLimbLead())).toArray();
    }
}
