package org.heatbench.datasets.truth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;

/**
 * Ground truth of which samples determine a target: a set of (lead, sample-range) regions derived from a record's
 * fiducials (facts in {@code ../shared/docs/ecg-synthesis.md}). An attribution's mass inside the mask can be scored
 * against it. Immutable, thread-safe.
 *
 * <p>Regions, each widened by ± {@code halfWidth} (default 10 ms) and clipped to the window:
 * <ul>
 *   <li>{@code qt}: QRS onset and T offset, all leads;</li>
 *   <li>{@code qrs}: QRS onset and offset, all leads;</li>
 *   <li>{@code pr}: P onset and QRS onset, all leads;</li>
 *   <li>{@code hr}: the next beat's P onset, P offset and QRS onset (this beat's positions + RR, RR = 60000 / hr),
 *       all leads, where they fall inside the window — empty when RR is so long that no next-beat wave shows;</li>
 *   <li>{@code r_amp_v5}: the R peak and the baseline at QRS onset (label {@code qrs_on}), lead V5;</li>
 *   <li>{@code t_amp_v5}: the whole T search range [QRS offset, T offset] and the baseline at QRS onset, lead V5;</li>
 *   <li>{@code stj_v5}: the J point (QRS offset) and the baseline at QRS onset, lead V5.</li>
 * </ul>
 * A mask is undefined ({@link #isDefined()} false, no regions) when a fiducial it needs is unknown, when
 * {@code hr} is missing for the HR mask, or when V5 is not among the leads for a V5 target.
 *
 * @param target  the target
 * @param leads   the lead layout the mask refers to
 * @param samples samples per lead
 * @param defined whether the record carries what the mask needs
 * @param regions the relevant regions
 */
public record RelevanceMask(Target target, List<Lead> leads, int samples, boolean defined, List<Region> regions) {

    /** Default half width of a region around a fiducial point, ms. */
    public static final double DEFAULT_HALF_WIDTH_MS = 10;

    /**
     * A run of relevant samples on one lead.
     *
     * @param lead  the lead
     * @param start first sample, inclusive
     * @param end   last sample, exclusive
     * @param label what the region is, e.g. {@code qrs_on}, {@code next_p_on}, {@code baseline}
     */
    public record Region(Lead lead, int start, int end, String label) {
        public Region {
            Objects.requireNonNull(lead, "lead");
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("region [" + start + ", " + end + ") is invalid");
            }
        }
    }

    public RelevanceMask {
        leads = List.copyOf(leads);
        regions = List.copyOf(regions);
    }

    /** The mask with the default half width. */
    public static RelevanceMask of(Target target, Fiducials fiducials, Targets targets, List<Lead> leads, int samples,
            double samplingRateHz) {
        return of(target, fiducials, targets, leads, samples, samplingRateHz, DEFAULT_HALF_WIDTH_MS);
    }

    /**
     * @param targets the record's targets (only {@code hr} is used, for the HR mask)
     * @param leads   the lead layout of the signals the mask will be compared with
     */
    public static RelevanceMask of(Target target, Fiducials fiducials, Targets targets, List<Lead> leads, int samples,
            double samplingRateHz, double halfWidthMs) {
        int w = (int) Math.round(halfWidthMs * samplingRateHz / 1000);
        List<Region> regions = new ArrayList<>();
        List<Lead> all = leads;
        List<Lead> v5 = leads.contains(Lead.V5) ? List.of(Lead.V5) : List.of();
        boolean ok = switch (target) {
            case QT -> points(regions, all, fiducials, w, samples, Fiducial.QRS_ON, Fiducial.T_OFF);
            case QRS -> points(regions, all, fiducials, w, samples, Fiducial.QRS_ON, Fiducial.QRS_OFF);
            case PR -> points(regions, all, fiducials, w, samples, Fiducial.P_ON, Fiducial.QRS_ON);
            case R_AMP_V5 -> !v5.isEmpty()
                    && points(regions, v5, fiducials, w, samples, Fiducial.R_PEAK, Fiducial.QRS_ON);
            case STJ_V5 -> !v5.isEmpty()
                    && points(regions, v5, fiducials, w, samples, Fiducial.QRS_OFF, Fiducial.QRS_ON);
            case T_AMP_V5 -> {
                if (v5.isEmpty() || !fiducials.isKnown(Fiducial.QRS_OFF) || !fiducials.isKnown(Fiducial.T_OFF)
                        || !fiducials.isKnown(Fiducial.QRS_ON)) {
                    yield false;
                }
                regions.add(new Region(Lead.V5, fiducials.qrsOff(), Math.min(samples, fiducials.tOff() + 1),
                        "t_wave"));
                yield points(regions, v5, fiducials, w, samples, Fiducial.QRS_ON);
            }
            case HR -> {
                if (targets.isMissing(Target.HR) || !(targets.hr() > 0) || !fiducials.isKnown(Fiducial.QRS_ON)) {
                    yield false;
                }
                int rr = (int) Math.round(60000 / targets.hr() * samplingRateHz / 1000);
                String[] labels = {"next_p_on", "next_p_off", "next_qrs_on"};
                int[] at = {fiducials.pOn(), fiducials.pOff(), fiducials.qrsOn()};
                for (int k = 0; k < at.length; k++) {
                    if (at[k] >= 0 && at[k] + rr - w < samples) {
                        for (Lead lead : all) {
                            regions.add(region(lead, at[k] + rr, w, samples, labels[k]));
                        }
                    }
                }
                yield true;
            }
        };
        return ok ? new RelevanceMask(target, leads, samples, true, regions)
                : new RelevanceMask(target, leads, samples, false, List.of());
    }

    private static boolean points(List<Region> regions, List<Lead> leads, Fiducials f, int w, int samples,
            Fiducial... points) {
        for (Fiducial p : points) {
            if (!f.isKnown(p)) {
                regions.clear();
                return false;
            }
            for (Lead lead : leads) {
                regions.add(region(lead, f.get(p), w, samples, p.key()));
            }
        }
        return true;
    }

    private static Region region(Lead lead, int centre, int w, int samples, String label) {
        int start = Math.max(0, centre - w);
        int end = Math.min(samples, centre + w + 1);
        return new Region(lead, start, Math.max(start, end), label);
    }

    public boolean isDefined() {
        return defined;
    }

    /** @return whether sample {@code t} of lead number {@code lead} (index into {@link #leads()}) is relevant */
    public boolean contains(int lead, int t) {
        Lead l = leads.get(lead);
        for (Region r : regions) {
            if (r.lead() == l && t >= r.start() && t < r.end()) {
                return true;
            }
        }
        return false;
    }

    /** @return the mask as [leads, samples] row-major booleans (true = relevant) */
    public boolean[] toArray() {
        boolean[] m = new boolean[leads.size() * samples];
        for (Region r : regions) {
            int k = leads.indexOf(r.lead());
            for (int t = r.start(); t < r.end(); t++) {
                m[k * samples + t] = true;
            }
        }
        return m;
    }

    /** @return number of relevant (lead, sample) points */
    public int count() {
        boolean[] m = toArray();
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
