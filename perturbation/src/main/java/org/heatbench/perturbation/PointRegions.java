package org.heatbench.perturbation;

/** Every (lead, sample) point is a region; number {@code lead · samples + t}. */
final class PointRegions implements RegionScheme {
    static final PointRegions INSTANCE = new PointRegions();

    private PointRegions() {
    }

    @Override
    public String canonical() {
        return "point";
    }

    @Override
    public int count(int leads, int samples) {
        return leads * samples;
    }

    @Override
    public Region region(int index, int leads, int samples) {
        return Region.point(index / samples, index % samples);
    }

    @Override
    public double[] scores(double[] pointScores, int leads, int samples) {
        return pointScores.clone();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
