package org.heatbench.training;

/**
 * Regression quality on one split, in the target's unit.
 *
 * @param n records with a finite target and prediction
 * @param mae mean absolute error
 * @param rmse root mean squared error
 * @param r2 coefficient of determination 1 − SS_res / SS_tot (NaN when the targets are constant)
 * @param bias mean of prediction − target
 */
public record Metrics(int n, double mae, double rmse, double r2, double bias) {

    /** Computes the metrics over the pairs where both values are finite (float64 accumulation). */
    public static Metrics of(double[] target, double[] prediction) {
        if (target.length != prediction.length) {
            throw new IllegalArgumentException("lengths differ: " + target.length + " vs " + prediction.length);
        }
        int n = 0;
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            if (Double.isFinite(target[i]) && Double.isFinite(prediction[i])) {
                n++;
                sum += target[i];
            }
        }
        if (n == 0) {
            return new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        double abs = 0;
        double sq = 0;
        double tot = 0;
        double bias = 0;
        for (int i = 0; i < target.length; i++) {
            if (Double.isFinite(target[i]) && Double.isFinite(prediction[i])) {
                double d = prediction[i] - target[i];
                abs += Math.abs(d);
                sq += d * d;
                bias += d;
                tot += (target[i] - mean) * (target[i] - mean);
            }
        }
        return new Metrics(n, abs / n, Math.sqrt(sq / n), tot > 0 ? 1 - sq / tot : Double.NaN, bias / n);
    }
}
