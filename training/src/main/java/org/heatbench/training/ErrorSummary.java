package org.heatbench.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summary statistics of a model's signed errors (prediction − reference) over a set of records, and how many of the
 * records that have a criterion meet it. Quantiles are linearly interpolated between order statistics (Hyndman and
 * Fan's type 7, R's and NumPy's default: position {@code (n − 1)·p} in the sorted values), so the median of an even
 * count is the mean of the two middle values. All statistics are NaN for no errors. Immutable.
 *
 * @param n             errors summarised
 * @param bias          mean signed error
 * @param mae           mean absolute error
 * @param medianAbs     median absolute error
 * @param p90Abs        90th percentile of the absolute error
 * @param judged        records with a criterion checked
 * @param within        of those, records within the criterion
 */
public record ErrorSummary(int n, double bias, double mae, double medianAbs, double p90Abs, int judged, int within) {

    /**
     * @param errors  signed errors (finite)
     * @param verdicts criterion results of the records judged ({@code null} entries are records without one)
     */
    public static ErrorSummary of(double[] errors, List<Boolean> verdicts) {
        int judged = 0;
        int within = 0;
        for (Boolean v : verdicts) {
            if (v != null) {
                judged++;
                within += v ? 1 : 0;
            }
        }
        int n = errors.length;
        if (n == 0) {
            return new ErrorSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, judged, within);
        }
        double sum = 0;
        double abs = 0;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            sum += errors[i];
            a[i] = Math.abs(errors[i]);
            abs += a[i];
        }
        Arrays.sort(a);
        return new ErrorSummary(n, sum / n, abs / n, quantile(a, 0.5), quantile(a, 0.9), judged, within);
    }

    /** @return the type-7 quantile {@code p} of ascending {@code sorted} (non-empty) */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** @return the share of judged records within the criterion, NaN when none was judged */
    public double withinShare() {
        return judged > 0 ? (double) within / judged : Double.NaN;
    }

    /** @return the card's form: n, bias, mae, median/p90 absolute error, criterion counts and share (NaN → null) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("bias", finite(bias));
        m.put("mae", finite(mae));
        m.put("median_abs_error", finite(medianAbs));
        m.put("p90_abs_error", finite(p90Abs));
        m.put("criterion_checked", judged);
        m.put("within_criterion", within);
        m.put("share_within_criterion", finite(withinShare()));
        return m;
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
