package org.heatbench.datasets.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;

/**
 * Summary statistics of a store's metadata (no signals are read): records per split, per-target count, missing,
 * mean, SD, min and max, and how many records know each fiducial. Immutable.
 *
 * @param records        records in the store
 * @param splits         records per split
 * @param targets        one entry per target, in {@link Target#ALL} order
 * @param knownFiducials per fiducial, records where it is known
 */
public record StoreStatistics(int records, Map<Split, Integer> splits, List<TargetStatistics> targets,
        Map<Fiducial, Integer> knownFiducials) {

    /**
     * Statistics of one target over the records where it is present.
     *
     * @param mean NaN when no record has the target; likewise sd, min, max
     * @param sd   sample standard deviation (n − 1), NaN for fewer than two values
     */
    public record TargetStatistics(Target target, int present, int missing, double mean, double sd, double min,
            double max) {
    }

    public StoreStatistics {
        splits = Map.copyOf(splits);
        targets = List.copyOf(targets);
        knownFiducials = Map.copyOf(knownFiducials);
    }

    /** Computes the statistics; reads every shard's metadata once. */
    public static StoreStatistics of(EcgStore store) {
        Map<Split, Integer> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, store.indicesOf(s).length);
        }
        List<TargetStatistics> targets = new ArrayList<>();
        for (Target t : Target.ALL) {
            double[] v = store.targetValues(t);
            int n = 0;
            double mean = 0;
            double m2 = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                if (Double.isNaN(x)) {
                    continue;
                }
                n++;
                double d = x - mean;
                mean += d / n;
                m2 += d * (x - mean);
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            targets.add(new TargetStatistics(t, n, v.length - n, n == 0 ? Double.NaN : mean,
                    n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1)), n == 0 ? Double.NaN : min,
                    n == 0 ? Double.NaN : max));
        }
        Map<Fiducial, Integer> known = new EnumMap<>(Fiducial.class);
        for (Fiducial f : Fiducial.ALL) {
            int c = 0;
            for (int p : store.fiducialValues(f)) {
                c += p >= 0 ? 1 : 0;
            }
            known.put(f, c);
        }
        return new StoreStatistics(store.size(), splits, targets, known);
    }
}
