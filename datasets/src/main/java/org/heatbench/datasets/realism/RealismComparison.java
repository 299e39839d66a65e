package org.heatbench.datasets.realism;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;

/**
 * Compares the records of a real store with (the first {@code maxSynthetic} records of) a synthetic store on
 * {@link BeatFeatures}: per feature the 1-Wasserstein distance (also in synthetic SDs), the Kolmogorov–Smirnov
 * statistic and each real value's percentile among the synthetic values; per real record its nearest synthetic
 * neighbours by RMS z-score distance over the features it has. Deterministic; not thread-safe (reads stores).
 */
public final class RealismComparison {
    private static final int CHUNK = 512;
    /** Synthetic records whose own nearest-neighbour distances set the reference scale. */
    private static final int REFERENCE = 300;

    private RealismComparison() {
    }

    /** Features of every record of {@code store} (at most {@code limit}; 0 = all), [records][features]. */
    public static double[][] features(EcgStore store, int limit, List<String> idsOut) {
        if (!store.leads().containsAll(Lead.INDEPENDENT_8)) {
            throw new InvalidInputException("store '" + store.directory() + "' lacks some of the leads I, II, V1-V6 "
                    + "(has " + store.leads() + ")");
        }
        int n = limit > 0 ? Math.min(limit, store.size()) : store.size();
        double[][] out = new double[n][];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            EcgBatch b = store.read(from, to, Lead.INDEPENDENT_8);
            for (int i = 0; i < b.size(); i++) {
                out[from + i] = BeatFeatures.extract(b.signal(i), b.samples(), b.samplingRateHz(), b.targets(i),
                        b.fiducials(i));
                idsOut.add(b.id(i));
            }
        }
        return out;
    }

    /**
     * @param real         the real store
     * @param synthetic    the synthetic store
     * @param maxSynthetic synthetic records used (the first ones; 0 = all)
     * @param k            neighbours per real record
     */
    public static RealismReport compare(EcgStore real, EcgStore synthetic, int maxSynthetic, int k) {
        if (real.samples() != synthetic.samples() || real.samplingRateHz() != synthetic.samplingRateHz()) {
            throw new InvalidInputException("stores differ in layout: '" + real.directory() + "' "
                    + real.samplingRateHz() + " Hz x " + real.samples() + ", '" + synthetic.directory() + "' "
                    + synthetic.samplingRateHz() + " Hz x " + synthetic.samples());
        }
        List<String> realIds = new ArrayList<>();
        List<String> synthIds = new ArrayList<>();
        double[][] r = features(real, 0, realIds);
        double[][] s = features(synthetic, maxSynthetic, synthIds);
        if (r.length == 0 || s.length < 2) {
            throw new InvalidInputException("need at least one real and two synthetic records (have " + r.length
                    + " and " + s.length + ")");
        }
        int nf = BeatFeatures.NAMES.size();
        double[] mean = new double[nf];
        double[] sd = new double[nf];
        List<RealismReport.FeatureRow> rows = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            double[] rv = column(r, f);
            double[] sv = column(s, f);
            double[] sf = Distances.finiteSorted(sv);
            mean[f] = Arrays.stream(sf).average().orElse(Double.NaN);
            double m = mean[f];
            sd[f] = sf.length > 1 ? Math.sqrt(Arrays.stream(sf).map(x -> (x - m) * (x - m)).sum() / (sf.length - 1))
                    : Double.NaN;
            double[] pct = Arrays.stream(rv).map(v -> Distances.percentile(v, sv)).toArray();
            double w = Distances.wasserstein1(rv, sv);
            rows.add(new RealismReport.FeatureRow(BeatFeatures.NAMES.get(f), BeatFeatures.UNITS.get(f),
                    (int) Arrays.stream(rv).filter(Double::isFinite).count(),
                    Arrays.stream(rv).filter(Double::isFinite).average().orElse(Double.NaN), mean[f], sd[f], w,
                    w / sd[f], Distances.kolmogorovSmirnov(rv, sv), rv, pct));
        }
        List<RealismReport.RealNeighbours> nn = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            boolean[] use = new boolean[nf];
            int used = 0;
            for (int f = 0; f < nf; f++) {
                use[f] = Double.isFinite(r[i][f]) && sd[f] > 0;
                used += use[f] ? 1 : 0;
            }
            int[] order = nearest(r[i], s, use, sd, k, -1);
            double[] d = new double[order.length];
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < order.length; j++) {
                d[j] = distance(r[i], s[order[j]], use, sd);
                ids.add(synthIds.get(order[j]));
            }
            nn.add(new RealismReport.RealNeighbours(realIds.get(i), used, ids, d));
        }
        int ref = Math.min(REFERENCE, s.length);
        double[] own = new double[ref];
        for (int i = 0; i < ref; i++) {
            boolean[] use = new boolean[nf];
            for (int f = 0; f < nf; f++) {
                use[f] = Double.isFinite(s[i][f]) && sd[f] > 0;
            }
            int[] o = nearest(s[i], s, use, sd, 1, i);
            own[i] = o.length > 0 ? distance(s[i], s[o[0]], use, sd) : Double.NaN;
        }
        Arrays.sort(own);
        return new RealismReport(real.directory().toString(), synthetic.directory().toString(), r.length, s.length,
                rows, nn, own[ref / 2], own[Math.min(ref - 1, (int) Math.ceil(0.95 * ref) - 1)]);
    }

    private static double[] column(double[][] m, int f) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][f];
        }
        return c;
    }

    /** RMS over the used features of the z-score difference; a NaN synthetic value counts as 3 SDs. */
    static double distance(double[] a, double[] b, boolean[] use, double[] sd) {
        double sum = 0;
        int n = 0;
        for (int f = 0; f < a.length; f++) {
            if (!use[f]) {
                continue;
            }
            double z = Double.isFinite(b[f]) ? (a[f] - b[f]) / sd[f] : 3;
            sum += z * z;
            n++;
        }
        return n > 0 ? Math.sqrt(sum / n) : Double.NaN;
    }

    private static int[] nearest(double[] a, double[][] s, boolean[] use, double[] sd, int k, int exclude) {
        int kk = Math.min(k, s.length - (exclude >= 0 ? 1 : 0));
        int[] best = new int[kk];
        double[] bd = new double[kk];
        Arrays.fill(best, -1);
        Arrays.fill(bd, Double.POSITIVE_INFINITY);
        for (int j = 0; j < s.length; j++) {
            if (j == exclude) {
                continue;
            }
            double d = distance(a, s[j], use, sd);
            if (!(d < bd[kk - 1])) {
                continue;
            }
            int p = kk - 1;
            while (p > 0 && d < bd[p - 1]) {
                bd[p] = bd[p - 1];
                best[p] = best[p - 1];
                p--;
            }
            bd[p] = d;
            best[p] = j;
        }
        return Arrays.stream(best).filter(x -> x >= 0).toArray();
    }
}
