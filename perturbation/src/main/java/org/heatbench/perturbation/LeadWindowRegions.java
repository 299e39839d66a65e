package org.heatbench.perturbation;

import org.heatbench.core.ConfigurationException;

/** Windows of {@code w} samples on one lead; number {@code lead · ⌈S/w⌉ + j}. */
record LeadWindowRegions(int width) implements RegionScheme {

    LeadWindowRegions {
        if (width < 1) {
            throw new ConfigurationException("region window width must be >= 1, got " + width);
        }
    }

    @Override
    public String canonical() {
        return "lead_window:w=" + width;
    }

    @Override
    public int count(int leads, int samples) {
        return leads * perLead(samples);
    }

    private int perLead(int samples) {
        return (samples + width - 1) / width;
    }

    @Override
    public Region region(int index, int leads, int samples) {
        int per = perLead(samples);
        int lead = index / per;
        int start = (index % per) * width;
        return new Region(lead, lead + 1, start, Math.min(samples, start + width));
    }

    @Override
    public String toString() {
        return canonical();
    }
}
