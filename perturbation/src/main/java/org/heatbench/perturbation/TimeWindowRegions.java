package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;

/** Windows of {@code w} samples across all leads; number {@code j}. */
record TimeWindowRegions(int width) implements RegionScheme {

    TimeWindowRegions {
        if (width < 1) {
            throw new ConfigurationException("region window width must be >= 1, got " + width);
        }
    }

    @Override
    public String canonical() {
        return "window:w=" + width;
    }

    @Override
    public int count(int leads, int samples) {
        return (samples + width - 1) / width;
    }

    @Override
    public Region region(int index, int leads, int samples) {
        int start = index * width;
        return new Region(0, leads, start, Math.min(samples, start + width));
    }

    @Override
    public String toString() {
        return canonical();
    }
}
