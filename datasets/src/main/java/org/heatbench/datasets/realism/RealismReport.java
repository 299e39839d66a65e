package org.heatbench.datasets.realism;

import java.util.List;

/**
 * The outcome of comparing real median beats with a synthetic store.
 *
 * @param realStore       the real store's directory
 * @param syntheticStore  the synthetic store's directory
 * @param realRecords     real records compared
 * @param syntheticRecords synthetic records compared (the first ones of the store)
 * @param features        one row per feature
 * @param neighbours      one row per real record
 * @param syntheticNnMedian median over synthetic records of their nearest synthetic neighbour's distance (the scale
 *                        against which a real record's distance reads as typical or not)
 * @param syntheticNnP95  its 95th percentile
 */
public record RealismReport(String realStore, String syntheticStore, int realRecords, int syntheticRecords,
        List<FeatureRow> features, List<RealNeighbours> neighbours, double syntheticNnMedian, double syntheticNnP95) {

    /**
     * @param name          feature name ({@link BeatFeatures#NAMES})
     * @param unit          its unit
     * @param realN         real records with a finite value
     * @param realMean      their mean
     * @param synthMean     synthetic mean
     * @param synthSd       synthetic SD
     * @param wasserstein   1-Wasserstein distance between the two samples, in the feature's unit
     * @param wassersteinSd the same divided by the synthetic SD
     * @param ks            Kolmogorov–Smirnov statistic
     * @param realValues    each real record's value (record order)
     * @param percentiles   each real value's percentile in the synthetic sample (0–1; near 0 or 1 = at the edge)
     */
    public record FeatureRow(String name, String unit, int realN, double realMean, double synthMean, double synthSd,
            double wasserstein, double wassersteinSd, double ks, double[] realValues, double[] percentiles) {
    }

    /**
     * @param id        real record id
     * @param features  features used (finite in this record and with a synthetic SD &gt; 0)
     * @param ids       nearest synthetic records, nearest first
     * @param distances their RMS z-score distances (synthetic SDs as units)
     */
    public record RealNeighbours(String id, int features, List<String> ids, double[] distances) {
    }
}
