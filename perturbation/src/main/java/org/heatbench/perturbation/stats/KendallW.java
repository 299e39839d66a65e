package org.heatbench.perturbation.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Kendall's coefficient of concordance W of m rankings (raters, settings) of the same n objects (methods), with the
 * correction for ties (Kendall & Babington Smith 1939; Siegel & Castellan 1988, §9.4):
 * <pre>W = 12 Σ_j (R_j − m(n+1)/2)² / (m²(n³ − n) − m Σ_i Σ_g (t_g³ − t_g))</pre>
 * where R_j is object j's rank sum and t_g the sizes of the tie groups within ranking i. W = 1 is complete agreement,
 * 0 none. It relates to Friedman's statistic by χ²_F = m(n − 1)W; the p value is χ² with n − 1 df.
 *
 * <p>An accumulator: {@link #accept} a ranking under a unique id (scores are ranked here, average ranks for ties;
 * the direction does not matter for W as long as it is the same for every ranking), {@link #combine} partials, then
 * {@link #finish}. Rankings are kept sorted by id, so any partition combined in any order gives the same result bit
 * for bit, including the bootstrap (which resamples rankings with replacement, seeded). Rankings with a NaN score
 * are rejected. Not thread-safe.
 */
public final class KendallW {
    private final int objects;
    private final TreeMap<String, double[]> ranks = new TreeMap<>();

    private KendallW(int objects) {
        if (objects < 2) {
            throw new IllegalArgumentException("Kendall's W needs at least 2 objects, got " + objects);
        }
        this.objects = objects;
    }

    /** An empty accumulator for rankings of {@code objects} objects. */
    public static KendallW create(int objects) {
        return new KendallW(objects);
    }

    /**
     * Adds one ranking.
     *
     * @param id unique id of the rater / setting
     * @param scores one score per object (ranked ascending, ties averaged)
     * @throws IllegalArgumentException on a repeated id, a wrong length or a NaN score
     */
    public KendallW accept(String id, double[] scores) {
        if (scores.length != objects) {
            throw new IllegalArgumentException("ranking '" + id + "' has " + scores.length + " scores, expected "
                    + objects);
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("ranking '" + id + "' has a NaN score: " + Arrays.toString(scores));
            }
        }
        if (ranks.putIfAbsent(id, RankMath.averageRanks(scores)) != null) {
            throw new IllegalArgumentException("ranking '" + id + "' accepted twice");
        }
        return this;
    }

    /** Merges another partial (disjoint ids) into this one and returns it. */
    public KendallW combine(KendallW other) {
        if (other.objects != objects) {
            throw new IllegalArgumentException("cannot combine W over " + objects + " and " + other.objects
                    + " objects");
        }
        for (Map.Entry<String, double[]> e : other.ranks.entrySet()) {
            if (ranks.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("ranking '" + e.getKey() + "' in both partials");
            }
        }
        return this;
    }

    /** @return the number of rankings */
    public int size() {
        return ranks.size();
    }

    /**
     * The result.
     *
     * @param replicates bootstrap replicates (0: no interval)
     * @param seed seeds the bootstrap
     */
    public Result finish(int replicates, long seed) {
        List<double[]> rows = new ArrayList<>(ranks.values());
        int m = rows.size();
        double w = w(rows);
        double chi2 = m * (objects - 1) * w;
        double p = m < 2 || Double.isNaN(chi2) ? Double.NaN
                : ChiSquaredDistribution.of(objects - 1).survivalProbability(chi2);
        double[] boot = new double[replicates];
        if (m >= 2) {
            UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
            List<double[]> sample = new ArrayList<>(m);
            for (int b = 0; b < replicates; b++) {
                sample.clear();
                for (int i = 0; i < m; i++) {
                    sample.add(rows.get(rng.nextInt(m)));
                }
                boot[b] = w(sample);
            }
        } else {
            Arrays.fill(boot, Double.NaN);
        }
        return new Result(m, objects, w, chi2, objects - 1, p, BootstrapInterval.of(w, boot, 0.95));
    }

    private double w(List<double[]> rows) {
        int m = rows.size();
        if (m < 2) {
            return Double.NaN;
        }
        double n = objects;
        double[] sums = new double[objects];
        double ties = 0;
        for (double[] r : rows) {
            for (int j = 0; j < objects; j++) {
                sums[j] += r[j];
            }
            ties += RankMath.tieTerm(r);
        }
        double mean = m * (n + 1) / 2;
        double s = 0;
        for (double v : sums) {
            s += (v - mean) * (v - mean);
        }
        double denom = (double) m * m * (n * n * n - n) - m * ties;
        return denom == 0 ? Double.NaN : 12 * s / denom;
    }

    /**
     * @param rankings m
     * @param objects n
     * @param w Kendall's W (tie-corrected); NaN with fewer than 2 rankings or when every ranking is all ties
     * @param chiSquare m(n − 1)W
     * @param df n − 1
     * @param p upper tail of χ²(df)
     * @param interval W with its 95% percentile bootstrap interval over rankings
     */
    public record Result(int rankings, int objects, double w, double chiSquare, int df, double p,
            BootstrapInterval interval) {
    }
}
