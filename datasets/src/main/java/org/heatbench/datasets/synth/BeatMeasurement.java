package org.heatbench.datasets.synth;

import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Targets;

/**
 * What {@link BeatMeasurer} found on a noise-free rendered beat: the targets and fiducials that the store keeps,
 * plus the sub-sample onset/offset times (ms from the window start; NaN when not measurable) they were derived from.
 */
public record BeatMeasurement(Targets targets, Fiducials fiducials, double pOnMs, double pOffMs, double qrsOnMs,
        double qrsOffMs, double tOffMs) {
}
