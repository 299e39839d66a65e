package org.heatbench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * validate-real's per-store summary: statistics against closed forms and an independent recomputation (exact decimal
 * sums, order statistics picked by hand), and delineated references kept out of the model's error.
 */
class StoreValidationTest {

    @Test
    void summaryOfOneToTenIsTheClosedForm() {
        double[] e = {-1, 2, -3, 4, -5, 6, -7, 8, -9, 10};
        ErrorSummary s = ErrorSummary.of(e, List.of(true, false, true));
        assertEquals(0.5, s.bias(), 1e-15);
        assertEquals(5.5, s.mae(), 1e-15);
        assertEquals(5.5, s.medianAbs(), 1e-15); // (5 + 6) / 2
        assertEquals(9.1, s.p90Abs(), 1e-12); // position 0.9 * 9 = 8.1: 9 + 0.1 * (10 - 9)
        assertEquals(2.0 / 3, s.withinShare(), 1e-15);
        ErrorSummary none = ErrorSummary.of(new double[0], List.of());
        assertTrue(Double.isNaN(none.mae()) && Double.isNaN(none.withinShare()));
        assertNull(none.toMap().get("mae"));
    }

    /** Independent: exact decimal sums; median and p90 from order statistics picked by index arithmetic. */
    static double[] reference(double[] e) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal abs = BigDecimal.ZERO;
        double[] a = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            sum = sum.add(new BigDecimal(e[i]));
            abs = abs.add(new BigDecimal(Math.abs(e[i])));
            a[i] = Math.abs(e[i]);
        }
        Arrays.sort(a);
        int n = a.length;
        double median = n % 2 == 1 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
        // Hyndman & Fan type 7 in its 1-based form: h = (n - 1) p + 1
        double h = (n - 1) * 0.9 + 1;
        int fl = (int) Math.floor(h);
        double p90 = fl >= n ? a[n - 1] : a[fl - 1] + (h - fl) * (a[fl] - a[fl - 1]);
        MathContext mc = MathContext.DECIMAL128;
        return new double[] {sum.divide(BigDecimal.valueOf(n), mc).doubleValue(),
            abs.divide(BigDecimal.valueOf(n), mc).doubleValue(), median, p90};
    }

    @Test
    void summaryAgreesWithAnIndependentRecomputation() {
        SplittableRandom rnd = new SplittableRandom(15);
        for (int n : new int[] {1, 2, 37, 198}) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = rnd.nextGaussian() * 20 + 3;
            }
            ErrorSummary s = ErrorSummary.of(e, List.of());
            double[] r = reference(e);
            assertEquals(r[0], s.bias(), 1e-12, "bias n=" + n);
            assertEquals(r[1], s.mae(), 1e-12, "mae n=" + n);
            assertEquals(r[2], s.medianAbs(), 1e-12, "median n=" + n);
            assertEquals(r[3], s.p90Abs(), 1e-12, "p90 n=" + n);
        }
    }

    @Test
    void delineatedReferencesAreSummarisedApartAndNeverCountAsTheModelsError() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 40;
        String[] ids = new String[n];
        double[] ref = new double[n];
        double[] pred = new double[n];
        ValueSource[] src = new ValueSource[n];
        ValueSource[] cycle = {ValueSource.ANNOTATED, ValueSource.DEVICE, ValueSource.DELINEATED, ValueSource.ANNOTATED,
            ValueSource.UNKNOWN};
        List<Double> independent = new ArrayList<>();
        List<Double> delineated = new ArrayList<>();
        int within = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = "r" + i;
            src[i] = cycle[i % cycle.length];
            ref[i] = src[i] == ValueSource.UNKNOWN ? Double.NaN : 380 + rnd.nextDouble() * 80;
            pred[i] = 400 + rnd.nextGaussian() * 40;
            if (src[i] == ValueSource.DELINEATED) {
                delineated.add(pred[i] - ref[i]);
            } else if (src[i] != ValueSource.UNKNOWN) {
                independent.add(pred[i] - ref[i]);
                within += Math.abs(pred[i] - ref[i]) <= 30 ? 1 : 0;
            }
        }
        StoreValidation v = StoreValidation.of(Target.QT, "s", "test", ids, ref, src, pred, nan(ids.length));
        double[] want = reference(independent.stream().mapToDouble(Double::doubleValue).toArray());
        @SuppressWarnings("unchecked")
        Map<String, Object> sum = (Map<String, Object>) v.summary().get("summary");
        assertEquals(independent.size(), sum.get("n"));
        assertEquals(want[0], (Double) sum.get("bias"), 1e-12);
        assertEquals(want[1], (Double) sum.get("mae"), 1e-12);
        assertEquals(want[2], (Double) sum.get("median_abs_error"), 1e-12);
        assertEquals(want[3], (Double) sum.get("p90_abs_error"), 1e-12);
        assertEquals(independent.size(), sum.get("criterion_checked"));
        assertEquals(within, sum.get("within_criterion"));
        assertEquals(independent, v.errors());
        @SuppressWarnings("unchecked")
        Map<String, Object> del = (Map<String, Object>) v.summary().get("delineated_reference");
        double[] wantDel = reference(delineated.stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(delineated.size(), del.get("n"));
        assertEquals(wantDel[1], (Double) del.get("mae"), 1e-12);
        assertTrue(((String) del.get("what")).contains("not the model's error"));
        assertEquals(delineated.size(), v.excluded());
        assertEquals(Map.of("annotated", 16, "delineated", 8, "device", 8, "unknown", 8),
                v.summary().get("reference_sources"));
        assertEquals("delineated", v.rows().get(2).get("reference_source"));
        assertFalse((Boolean) v.summary().get("records_listed"));
        List<?> largest = (List<?>) v.summary().get("largest_errors");
        assertEquals(StoreValidation.LARGEST, largest.size());
        double top = independent.stream().mapToDouble(Math::abs).max().getAsDouble();
        assertEquals(top, (Double) ((Map<?, ?>) largest.get(0)).get("abs_error"), 0);
        assertTrue(largest.stream().noneMatch(r -> "delineated".equals(((Map<?, ?>) r).get("reference_source"))));

        // heart rate: its criterion needs no reference, so a delineated (rhythm-measured) HR is still judged
        StoreValidation hr = StoreValidation.of(Target.HR, "s", "test", new String[] {"a", "b"},
                new double[] {60, Double.NaN}, new ValueSource[] {ValueSource.DELINEATED, ValueSource.UNKNOWN},
                new double[] {61, 200}, nan(2));
        assertEquals(List.of(true, false), hr.verdicts());
        assertEquals(0, hr.excluded());
    }

    @Test
    void measuredReferencesCountAsTheModelsErrorUnderTheirOwnName() {
        // MUSE without a 12SL matrix: R(V5) measured by HeatBench at the device's fiducials; one store row of each kind
        String[] ids = {"device", "measured", "delineated", "none"};
        double[] ref = {1500, 800, 1000, Double.NaN};
        ValueSource[] src = {ValueSource.DEVICE, ValueSource.MEASURED, ValueSource.DELINEATED, ValueSource.UNKNOWN};
        double[] pred = {1400, 1000, 1500, 900};
        StoreValidation v = StoreValidation.of(Target.R_AMP_V5, "muse", "m", ids, ref, src, pred, nan(ids.length));
        assertEquals(List.of(-100.0, 200.0), v.errors(), "device and measured references are the model's error");
        // criterion |error| <= 20% of the reference: 100 / 1500 passes, 200 / 800 does not; no reference: null
        assertEquals(Arrays.asList(true, false, null), v.verdicts());
        assertEquals(1, v.excluded(), "only the delineated reference is left out");
        assertEquals(Map.of("device", 1, "measured", 1, "delineated", 1, "unknown", 1),
                v.summary().get("reference_sources"));
        assertEquals("measured", v.rows().get(1).get("reference_source"));
        assertEquals(200.0, v.rows().get(1).get("error"));
        @SuppressWarnings("unchecked")
        Map<String, Object> sum = (Map<String, Object>) v.summary().get("summary");
        assertEquals(2, sum.get("n"));
        assertEquals(150.0, (Double) sum.get("mae"), 1e-12);
        assertEquals(1, sum.get("within_criterion"));
        @SuppressWarnings("unchecked")
        Map<String, Object> del = (Map<String, Object>) v.summary().get("delineated_reference");
        assertEquals(1, del.get("n"));
        assertEquals(500.0, (Double) del.get("mae"), 1e-12);
    }

    @Test
    void cardsKeepRowsOnlyForSmallStores() {
        StoreValidation small = StoreValidation.of(Target.QT, "muse", "m", new String[] {"a", "b"},
                new double[] {400, 420}, new ValueSource[] {ValueSource.DEVICE, ValueSource.DEVICE},
                new double[] {410, 415}, nan(2));
        int n = StoreValidation.PER_RECORD_LIMIT + 1;
        String[] ids = new String[n];
        double[] ref = new double[n];
        double[] pred = new double[n];
        ValueSource[] src = new ValueSource[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "L" + i;
            ref[i] = 400;
            pred[i] = 400 + i;
            src[i] = ValueSource.ANNOTATED;
        }
        StoreValidation large = StoreValidation.of(Target.QT, "ludb", "l", ids, ref, src, pred, nan(ids.length));
        Map<String, Object> section = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>(small.rows());
        rows.addAll(large.rows());
        section.put("records", rows);
        section.put("stores", List.of(small.summary(), large.summary()));
        Map<String, Object> card = RealValidation.forCard(section);
        List<?> kept = (List<?>) card.get("records");
        assertEquals(2, kept.size());
        assertTrue(kept.stream().allMatch(r -> "muse".equals(((Map<?, ?>) r).get("store"))));
        assertEquals(n + 2, ((List<?>) section.get("records")).size(), "the section itself is not changed");
    }

    @Test
    void errorsAreAlsoGroupedByQrsWidthWithDelineatedReferencesLeftOut() {
        String[] ids = {"a", "b", "c", "d", "e", "f", "g"};
        double[] ref = {400, 420, 380, 450, 430, 410, Double.NaN};
        ValueSource[] src = {ValueSource.ANNOTATED, ValueSource.ANNOTATED, ValueSource.DEVICE, ValueSource.ANNOTATED,
            ValueSource.DELINEATED, ValueSource.ANNOTATED, ValueSource.UNKNOWN};
        double[] pred = {410, 415, 390, 400, 400, 380, 400};
        // widths at the group edges: 99.9 -> below 100; 100 and 119.9 -> 100-120; 120 -> 120 and wider
        double[] qrs = {99.9, 100, 119.9, 120, 150, Double.NaN, 130};
        StoreValidation v = StoreValidation.of(Target.QT, "s", "test", ids, ref, src, pred, qrs);
        Map<?, ?> groups = (Map<?, ?>) v.summary().get("by_qrs_width");
        Map<?, ?> narrow = (Map<?, ?>) groups.get("qrs_below_100_ms");
        Map<?, ?> mid = (Map<?, ?>) groups.get("qrs_100_to_120_ms");
        Map<?, ?> wide = (Map<?, ?>) groups.get("qrs_120_ms_and_wider");
        assertEquals(1, narrow.get("n"));
        assertEquals(10.0, (Double) narrow.get("bias"), 1e-12);
        // b: -5, c: +10
        assertEquals(2, mid.get("n"));
        assertEquals(2.5, (Double) mid.get("bias"), 1e-12);
        assertEquals(7.5, (Double) mid.get("mae"), 1e-12);
        assertEquals(2, mid.get("within_criterion"));
        // d: -50 (e is delineated: agreement with our delineator, not the model's error; g has no reference)
        assertEquals(1, wide.get("n"));
        assertEquals(-50.0, (Double) wide.get("bias"), 1e-12);
        assertEquals(0, wide.get("within_criterion"));
        // f has a reference but no QRS width: counted, not dropped
        assertEquals(1, groups.get("unknown_qrs"));
        assertEquals(130.0, v.rows().get(6).get("qrs_ms"));
        assertEquals(null, v.rows().get(5).get("qrs_ms"));
    }

    @Test
    void qrsStrataCombineEqualsOneSequentialPass() {
        java.util.Random rnd = new java.util.Random(5);
        QrsStrata one = new QrsStrata();
        QrsStrata first = new QrsStrata();
        QrsStrata second = new QrsStrata();
        for (int i = 0; i < 300; i++) {
            double w = i % 17 == 0 ? Double.NaN : 70 + rnd.nextDouble() * 100;
            double e = rnd.nextGaussian() * 20;
            Boolean ok = i % 5 == 0 ? null : Math.abs(e) <= 30;
            one.accept(w, e, ok);
            (i < 130 ? first : second).accept(w, e, ok);
        }
        assertEquals(one.toMap(), first.combine(second).toMap());
        for (int k = 0; k < QrsStrata.KEYS.length; k++) {
            assertEquals(one.group(k), first.group(k));
        }
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
