package org.heatbench.datasets;

import java.util.List;
import java.util.SplittableRandom;

/** Random records for tests. */
public final class TestRecords {
    private TestRecords() {
    }

    /**
     * A record with random samples in ±2000 µV on a 0.5-µV grid (so an int16 store at scale 0.5 holds it exactly),
     * random targets with some missing, and random fiducials with some unknown.
     */
    public static EcgRecord random(String id, List<Lead> leads, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] s = new float[leads.size() * samples];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextInt(-4000, 4001) * 0.5);
        }
        double[] t = new double[Target.ALL.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = r.nextInt(5) == 0 ? Double.NaN : r.nextDouble(-100, 1000);
        }
        int[] f = new int[Fiducial.ALL.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = r.nextInt(4) == 0 ? -1 : r.nextInt(samples);
        }
        return new EcgRecord(id, leads, samples, s, Targets.of(t), Fiducials.of(f));
    }

    /** A 12-lead record whose limb leads III, aVR, aVL, aVF are derived exactly from random I and II. */
    public static EcgRecord consistent12(String id, int samples, long seed) {
        EcgRecord eight = random(id, Lead.INDEPENDENT_8, samples, seed);
        return eight.withLeads(Lead.STANDARD_12);
    }
}
