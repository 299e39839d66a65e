package org.heatbench.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;

/**
 * One store's part of a {@link RealValidation}: per-record rows (reference, its source, prediction, error, criterion)
 * and the store's summary. References measured by HeatBench's own delineation ({@link ValueSource#DELINEATED}) are
 * kept apart: they are agreement with our delineator, not the model's error, so they are summarised in
 * {@code delineated_reference} and are not in {@link #errors()} or {@link #verdicts()}; heart rate's criterion needs
 * no reference and is judged on every record. A reference HeatBench measured at the device's own fiducials
 * ({@link ValueSource#MEASURED}, e.g. a MUSE V5 amplitude without a 12SL measurement matrix) rests on the device's
 * delineation, not ours: it counts as a reference like the device's, labelled {@code measured} in
 * {@code reference_sources} and in each row.
 *
 * <p>The errors against independent references are also summarised by the record's QRS width ({@link QrsStrata}:
 * below 100 ms, 100–120 ms, 120 ms and wider), read from the store's own QRS target, because a median's QRS width is
 * where real-ECG errors of models trained on synthetic beats concentrate (bundle-branch block, pacing): the
 * summary's {@code by_qrs_width}, and each row's {@code qrs_ms}. Immutable.
 *
 * @param rows     one per record, in store order
 * @param errors   signed errors against independent references (device, annotated, measured, generator)
 * @param strata   the errors of {@code errors} by QRS width (not modified after construction)
 * @param verdicts criterion results counted as the model's ({@code null}: no criterion or no reference)
 * @param excluded records whose only reference was delineated (left out of the criterion)
 * @param summary  the store's card entry: store, source, records, reference_sources, summary,
 *                 delineated_reference (when any), records_listed, largest_errors (large stores)
 */
record StoreValidation(List<Map<String, Object>> rows, List<Double> errors, QrsStrata strata,
        List<Boolean> verdicts, int excluded, Map<String, Object> summary) {

    /** Stores with at most this many records keep their per-record rows on the card and on the console. */
    static final int PER_RECORD_LIMIT = 10;
    /** Records listed as a large store's largest errors. */
    static final int LARGEST = 5;
    /** What a reference measured by HeatBench's own delineation is, on the card. */
    static final String DELINEATED_NOTE = "reference measured by HeatBench's own delineation (no device or expert "
            + "value in the store): agreement with our delineator, not the model's error; not in n_with_reference, "
            + "mae or the criterion";

    /**
     * @param t      the model's target
     * @param store  the store's path, as given
     * @param source the store's provenance source
     * @param ids    record ids
     * @param ref    reference values (NaN: none)
     * @param src    each reference's source
     * @param pred   predictions (finite)
     * @param qrs    each record's QRS width from the store (ms; NaN: unknown), used only to group the errors
     */
    static StoreValidation of(Target t, String store, String source, String[] ids, double[] ref, ValueSource[] src,
            double[] pred, double[] qrs) {
        List<Double> errors = new ArrayList<>();
        QrsStrata strata = new QrsStrata();
        List<Boolean> verdicts = new ArrayList<>();
        List<Double> delErrors = new ArrayList<>();
        List<Boolean> delVerdicts = new ArrayList<>();
        Map<String, Integer> sourceCounts = new TreeMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        int excluded = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean has = Double.isFinite(ref[i]);
            ValueSource vs = has ? src[i] : ValueSource.UNKNOWN;
            boolean delineated = vs == ValueSource.DELINEATED;
            sourceCounts.merge(name(vs), 1, Integer::sum);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("store", store);
            r.put("source", source);
            r.put("id", ids[i]);
            r.put("reference", has ? ref[i] : null);
            r.put("reference_source", name(vs));
            r.put("prediction", pred[i]);
            r.put("qrs_ms", Double.isFinite(qrs[i]) ? qrs[i] : null);
            if (has) {
                double e = pred[i] - ref[i];
                r.put("error", e);
                r.put("abs_error", Math.abs(e));
                if (!t.unit().equals("ms") && !t.unit().equals("bpm")) {
                    r.put("relative_error", ref[i] != 0 ? e / Math.abs(ref[i]) : null);
                }
                (delineated ? delErrors : errors).add(e);
            }
            Boolean ok = RealValidation.passes(t, ref[i], pred[i]);
            if (has && !delineated) {
                strata.accept(qrs[i], pred[i] - ref[i], ok);
            }
            r.put("within_criterion", ok);
            if (delineated && t != Target.HR) {
                delVerdicts.add(ok);
                excluded++;
            } else {
                verdicts.add(ok);
            }
            rows.add(r);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("store", store);
        s.put("source", source);
        s.put("records", rows.size());
        s.put("reference_sources", sourceCounts);
        s.put("summary", ErrorSummary.of(toArray(errors), verdicts).toMap());
        s.put("by_qrs_width", strata.toMap());
        if (!delErrors.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("what", DELINEATED_NOTE);
            d.putAll(ErrorSummary.of(toArray(delErrors), delVerdicts).toMap());
            s.put("delineated_reference", d);
        }
        s.put("records_listed", rows.size() <= PER_RECORD_LIMIT);
        if (rows.size() > PER_RECORD_LIMIT) {
            s.put("largest_errors", rows.stream().filter(r -> r.get("abs_error") != null
                    && !"delineated".equals(r.get("reference_source")))
                    .sorted(Comparator.comparingDouble((Map<String, Object> r) -> -(Double) r.get("abs_error")))
                    .limit(LARGEST).toList());
        }
        return new StoreValidation(Collections.unmodifiableList(rows), Collections.unmodifiableList(errors),
                strata, Collections.unmodifiableList(verdicts), excluded, s); // verdicts hold nulls: no List.copyOf
    }

    /** @return the lower-case name of a value source as shown on cards and the console */
    static String name(ValueSource s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
