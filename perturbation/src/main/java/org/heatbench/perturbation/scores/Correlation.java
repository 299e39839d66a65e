package org.heatbench.perturbation.scores;

import java.util.Arrays;
import org.heatbench.perturbation.stats.RankMath;

/** Pearson and Spearman correlation in double precision; NaN when a side has no variation. Stateless. */
final class Correlation {
    private Correlation() {
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).sum() / n;
        double my = Arrays.stream(y).sum() / n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Pearson correlation of average ranks. */
    static double spearman(double[] x, double[] y) {
        return pearson(RankMath.averageRanks(x), RankMath.averageRanks(y));
    }
}
