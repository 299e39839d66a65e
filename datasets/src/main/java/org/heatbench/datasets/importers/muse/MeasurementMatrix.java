package org.heatbench.datasets.importers.muse;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;

/**
 * GE 12SL's per-lead measurements, the {@code <MeasurementMatrix>} of a MUSE {@code <RestingECG>} export: what the
 * device measured on its median beat, lead by lead (P, Q, R, S, R', S', ST and T amplitudes and durations, areas).
 *
 * <p>Layout (base64 of little-endian int16 words; as decoded by the ml4h project's MUSE reader, which cites the MUSE
 * XML developer's manual, and checked on both shared exports): a header of {@code H} bytes whose first word is
 * {@code H} (36 in MUSE 9) and whose last word is the number of lead entries {@code n}; words 1–13 are global
 * measurements (P on, P off, QRS on, QRS off, T on, T off in median samples; QRS count, QRS duration, QT, QTc, PR,
 * ventricular rate, mean RR) — they equal {@code <RestingECGMeasurements>} in both exports (QTc within 1 ms).
 * Then {@code n} entries of 4 bytes: lead index (byte), measurement index (byte), value (int16). Lead indices
 * {@link #LEADS}: I, II, V1–V6, III, aVR, aVL, aVF. Measurement indices (0-based) used here: {@link #R_AMP} 13,
 * {@link #STJ} 29, {@link #MAX_R_AMP} 37 (the larger of R and R'), {@link #T_AMP} 39, {@link #T_DUR} 40,
 * {@link #T_PRIME_AMP} 43.
 * Amplitudes are signed µV relative to the lead's level at QRS onset (the same baseline as HeatBench's V5 targets);
 * a wave 12SL did not find has amplitude and duration 0. Entries are looked up by their lead and measurement bytes,
 * not by position. Checked on the exports: every amplitude is a whole µV near a multiple of the 4.88-µV sample
 * step, V5's R, STJ and T amplitudes equal the same quantities measured on the file's V5 median at its fiducials
 * (1508, 24, 615 µV in example1), and the matrix's own relations hold in every lead (maximum R = max(R, R'), QRS
 * deflection (36) = maximum R + maximum S (38), maximum ST (32) = max(STJ, STM, STE), minimum ST (33) =
 * min(STJ, STM)), which a shifted measurement index would break. Immutable and thread-safe.
 */
public final class MeasurementMatrix {
    /** Lead order of the entries' lead index. */
    public static final List<Lead> LEADS = List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5,
            Lead.V6, Lead.III, Lead.AVR, Lead.AVL, Lead.AVF);
    /** R amplitude, µV. */
    public static final int R_AMP = 13;
    /** ST level at the J point (end of QRS), µV. */
    public static final int STJ = 29;
    /** The larger of the R and R' amplitudes, µV. */
    public static final int MAX_R_AMP = 37;
    /** T amplitude (signed), µV. */
    public static final int T_AMP = 39;
    /** T duration, ms (0: no T wave found). */
    public static final int T_DUR = 40;
    /** T' amplitude (the second part of a biphasic T, signed), µV. */
    public static final int T_PRIME_AMP = 43;

    private static final int ENTRY_BYTES = 4;

    private final Map<Integer, Short> entries;

    private MeasurementMatrix(Map<Integer, Short> entries) {
        this.entries = entries;
    }

    /**
     * @param base64 the element's text (whitespace ignored)
     * @throws InvalidInputException naming what is wrong: not base64, a header or entry count that does not fit the
     *                               bytes, an entry repeated
     */
    public static MeasurementMatrix decode(String base64) {
        byte[] b;
        try {
            // strict: after removing whitespace, any character outside the alphabet is an error (the MIME decoder
            // would skip it and shift every later byte)
            b = Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("<MeasurementMatrix> is not valid base64: " + e.getMessage());
        }
        if (b.length < 4) {
            throw new InvalidInputException("<MeasurementMatrix> has " + b.length + " bytes, too few for a header");
        }
        int header = word(b, 0);
        if (header < 4 || header % 2 != 0 || header > b.length) {
            throw new InvalidInputException("<MeasurementMatrix> header length " + header + " does not fit its "
                    + b.length + " bytes");
        }
        int n = word(b, header - 2);
        if (n < 0 || header + (long) n * ENTRY_BYTES > b.length) {
            throw new InvalidInputException("<MeasurementMatrix> says " + n + " entries of " + ENTRY_BYTES
                    + " bytes after its " + header + "-byte header, but has " + b.length + " bytes (truncated)");
        }
        Map<Integer, Short> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int at = header + i * ENTRY_BYTES;
            int lead = b[at] & 0xff;
            int measure = b[at + 1] & 0xff;
            if (m.put(key(lead, measure), (short) word(b, at + 2)) != null) {
                throw new InvalidInputException("<MeasurementMatrix> has lead " + lead + ", measurement " + measure
                        + " twice");
            }
        }
        return new MeasurementMatrix(Map.copyOf(m));
    }

    /** @return the value of {@code measure} for {@code lead}, empty when the matrix has no such entry */
    public OptionalInt value(Lead lead, int measure) {
        int k = LEADS.indexOf(lead);
        Short v = k < 0 ? null : entries.get(key(k, measure));
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** @return the number of entries */
    public int size() {
        return entries.size();
    }

    private static int key(int lead, int measure) {
        return lead << 8 | measure;
    }

    /** Little-endian signed int16 at byte {@code at}. */
    private static int word(byte[] b, int at) {
        return (short) ((b[at] & 0xff) | (b[at + 1] << 8));
    }
}
