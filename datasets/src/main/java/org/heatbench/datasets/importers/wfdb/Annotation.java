package org.heatbench.datasets.importers.wfdb;

/**
 * One WFDB annotation ({@code annot(5)}). Immutable.
 *
 * @param sample  sample index from the record's start (at the record's sampling rate)
 * @param code    the annotation type code (1 = N, 24 = p, 27 = t, 39 = '(', 40 = ')', ...)
 * @param symbol  the code's mnemonic ({@code N}, {@code V}, {@code p}, {@code t}, {@code (}, {@code )}, ...)
 * @param subtype the {@code subtyp} field (0 unless set)
 * @param channel the {@code chan} field (0 unless set; it carries over to later annotations, as in WFDB)
 * @param number  the {@code num} field (0 unless set; carries over likewise)
 * @param aux     the auxiliary text (rhythm names such as {@code (N}), "" when none
 */
public record Annotation(long sample, int code, String symbol, int subtype, int channel, int number, String aux) {

    /** @return true for the beat (QRS) codes of WFDB's {@code isqrs} table */
    public boolean isBeat() {
        return WfdbAnnotations.isBeat(code);
    }
}
